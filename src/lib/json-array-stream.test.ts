import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonArrayStreamError, parseJsonArrayStream } from './json-array-stream.ts';

/** The text's UTF-8 bytes cut at the given points (a cut may fall inside a character). */
async function* pieces(text: string, cuts: number[]): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
  yield bytes.subarray(from);
}

async function collect(text: string, cuts: number[] = []) {
  const out = [];
  for await (const element of parseJsonArrayStream(pieces(text, cuts))) out.push(element);
  return out;
}

const record = fc.record({
  sequence_id: fc.integer({ min: 1 }),
  text: fc.string({ unit: 'binary', maxLength: 30 }),
  tricky: fc.constantFrom('}', ']', '{"a":1}', '\\', '\\"', '"', '[', 'é€😀'),
  sequence_id_text: fc.constantFrom('sequence_id', '"sequence_id":1'),
  nested: fc.record({ sequence_id: fc.constant(-1), list: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxLength: 4 }) }),
});

describe('parseJsonArrayStream', () => {
  it('yields every object of the array, as sent and parsed, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (records, cuts, spaced) => {
        const text = spaced ? JSON.stringify(records, null, 2) : JSON.stringify(records);
        const elements = await collect(text, cuts);
        assert.deepEqual(elements.map((e) => e.sequenceId), records.map((r) => r.sequence_id), 'the top-level sequence_id, read without parsing');
        assert.deepEqual(elements.map((e) => e.value), JSON.parse(JSON.stringify(records)));
        if (!spaced) assert.deepEqual(elements.map((e) => e.text), records.map((r) => JSON.stringify(r)), 'each element\'s bytes as sent');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a text that ends before the array closes, or is not an array', async () => {
    await assert.rejects(collect('[{"a":1},{"b":'), JsonArrayStreamError);
    await assert.rejects(collect('[{"a":1}'), /ended before its JSON array closed/);
    await assert.rejects(collect(''), JsonArrayStreamError);
    await assert.rejects(collect('{"a":[]}'), /expected a JSON array/);
    assert.deepEqual(await collect('[]'), []);
    const [element] = await collect('[{"a":"sequence_id","b":{"sequence_id":2},"sequence_id":3.5}]');
    assert.equal(element.sequenceId, undefined, 'no whole-number sequence_id of its own');
    const [later] = await collect('[{"a":"sequence_id","b":{"sequence_id":2},"sequence_id" : 7 }]');
    assert.equal(later.sequenceId, 7, 'the key, not a value or a nested key');
  });
});
