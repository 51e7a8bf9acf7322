import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uuidv7 } from './uuid.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying its time in the first 48 bits', () => {
    const ms = Date.UTC(2026, 10, 28, 6, 0, 0, 123);
    const id = uuidv7(ms);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), ms);
  });

  it('sorts by time, and ids of the same millisecond differ', () => {
    const ids = [1, 2, 1000, 2 ** 40].map((ms) => uuidv7(ms));
    assert.deepEqual([...ids].sort(), ids);
    const same = new Set(Array.from({ length: 1000 }, () => uuidv7(5)));
    assert.equal(same.size, 1000);
  });
});
