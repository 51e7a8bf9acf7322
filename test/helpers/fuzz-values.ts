import fc from 'fast-check';

/** A fragment written into the JSON text verbatim (numbers JSON.stringify cannot write, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object written with these entries in order, keys possibly repeated (`{"a":1,"a":"x"}`). */
export class DuplicateKeys {
  constructor(readonly entries: [string, unknown][]) {}
}

/** Past this many characters a generated body is replaced by one just over the server's 1 MB limit. */
const MAX_TEXT = 2 * 1024 * 1024;

/** A body over the 1 MB limit. */
export const OVERSIZED_BODY = JSON.stringify({ x: 'z'.repeat(1024 * 1024 + 10) });

class TooLong extends Error {}

function write(value: unknown, parts: string[], size: { n: number }): void {
  const push = (text: string) => {
    size.n += text.length;
    if (size.n > MAX_TEXT) throw new TooLong();
    parts.push(text);
  };
  const entries = (list: [string, unknown][]) => {
    push('{');
    list.forEach(([k, v], i) => {
      push(`${i ? ',' : ''}${JSON.stringify(k)}:`);
      write(v, parts, size);
    });
    push('}');
  };
  if (value instanceof RawJson) push(value.text);
  else if (value instanceof DuplicateKeys) entries(value.entries);
  else if (Array.isArray(value)) {
    push('[');
    value.forEach((item, i) => {
      if (i) push(',');
      write(item, parts, size);
    });
    push(']');
  } else if (value && typeof value === 'object') entries(Object.entries(value));
  else push(JSON.stringify(value) ?? 'null');
}

/** JSON text of a generated value; RawJson and DuplicateKeys are written as they say. */
export function jsonText(value: unknown): string {
  const parts: string[] = [];
  try {
    write(value, parts, { n: 0 });
  } catch (error) {
    if (error instanceof TooLong) return OVERSIZED_BODY;
    throw error;
  }
  return parts.join('');
}

/** Strings that have broken parsers, databases and renderers. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\udc00y\ud83d',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\u2060\ufeff',
  '\u0645\u0631\u062d\u0628\u0627',
  'e\u0301\u0301\u0301',
  '😀👩‍👩‍👧‍👦🏳️‍🌈',
  '\uffff\ufffe',
  '\r\n\t\u000b\u000c',
  "'; DROP TABLE interactions; --",
  '<script>alert(1)</script>',
  '%00',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'null',
  '-1',
  '1e309',
  '9999-99-99T99:99:99Z',
  '0000-00-00',
  '2021-02-30T00:00:00Z',
  '@',
  'a@b',
  '"@example.com',
] as const;

/** Path segments that try to climb out of a route or smuggle a slash. */
export const TRAVERSAL_SEGMENTS = [
  '..',
  '../',
  '../../etc/passwd',
  '%2e%2e',
  '%2e%2e%2f',
  '..%2f..%2fetc%2fpasswd',
  '%2E%2E%5C',
  '..%5c..%5c',
  '%252e%252e%252f',
  '%2f',
  '%5c',
  '%00',
  '..%00',
  '%c0%ae%c0%ae',
  '%ff',
  '%',
  '%zz',
  '....//',
  '.',
  '%20',
  '~',
] as const;

/** Numbers at and past every limit a database or JavaScript has. */
export const HUGE_NUMBERS: unknown[] = [
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 31,
  2 ** 63,
  -(2 ** 63),
  1.7976931348623157e308,
  -1.7976931348623157e308,
  5e-324,
  -0,
  0.1,
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1.0'),
  new RawJson('1E2'),
];

function nested(depth: number, open: string, close: string, inner = '1'): RawJson {
  return new RawJson(open.repeat(depth) + inner + close.repeat(depth));
}

/** Values of the wrong kind for almost any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 4 },
  { arbitrary: fc.constantFrom(...HUGE_NUMBERS), weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, 0, 1, -1, 1.5, [], {}, [null], { '': null }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
  { arbitrary: fc.integer({ min: 10, max: 3_000 }).chain((n) => fc.constantFrom(nested(n, '[', ']'), nested(n, '{"a":', '}'))), weight: 1 },
  { arbitrary: fc.constantFrom(...TRAVERSAL_SEGMENTS), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 2 },
);

/** A whole body that is not the object a route expects. */
export const hostileBody: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue,
  fc.constantFrom(
    nested(100_000, '[', ']'),
    nested(20_000, '{"a":', '}'),
    new RawJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    new DuplicateKeys([['__proto__', { polluted: true }], ['__proto__', null]]),
  ),
);
