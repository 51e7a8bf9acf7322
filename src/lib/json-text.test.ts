import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isoTimestamp, quote } from './json-text.ts';

describe('json-text', () => {
  it('quote writes what JSON.stringify writes, for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => quote(text) === JSON.stringify(text)), { numRuns: 5000 });
    for (const text of ['', 'plain', 'a"b', 'back\\slash', 'tab\there', 'nul\u0000', '\u001f', 'lone \ud800 surrogate', 'pair \ud83d\ude00', 'café', '\u2028']) {
      assert.equal(quote(text), JSON.stringify(text), JSON.stringify(text));
    }
    assert.equal(quote(null), 'null');
  });

  it('isoTimestamp writes what toISOString writes, for any time, in any order', () => {
    const anyTime = fc.integer({ min: 0, max: 253_402_300_799_999 });
    fc.assert(fc.property(fc.array(anyTime, { minLength: 1, maxLength: 20 }), (times) => times.every((ms) => isoTimestamp(ms) === new Date(ms).toISOString())), { numRuns: 2000 });
    // Runs of nearby times (as a feed writes them), day boundaries, and values outside the fast range.
    const day = Date.UTC(2026, 11, 1);
    for (const ms of [0, day - 1, day, day + 1, day + 86_399_999, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, 1.5]) {
      assert.equal(isoTimestamp(ms), new Date(ms).toISOString(), String(ms));
    }
  });
});
