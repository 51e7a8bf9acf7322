/** An element of a streamed JSON array: its UTF-8 bytes as sent, decoded and parsed only when asked for. */
export class JsonArrayElement {
  private parsed: unknown;
  private isParsed = false;

  constructor(
    readonly bytes: Buffer,
    /** The element's own top-level `"sequence_id"` when it is a whole number (read without parsing the element). */
    readonly sequenceId: number | undefined,
  ) {}

  get text(): string {
    return this.bytes.toString('utf8');
  }

  get value(): unknown {
    if (!this.isParsed) {
      this.parsed = JSON.parse(this.text);
      this.isParsed = true;
    }
    return this.parsed;
  }
}

/** Thrown when the text is not a JSON array, or ends (`truncated`) before the array closes. */
export class JsonArrayStreamError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

const [QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [...'"\\{}[]'].map((char) => char.charCodeAt(0));
const SEQUENCE_ID_KEY = Buffer.from('"sequence_id"');
/** `: 123` after a key, ended by a space, comma or brace. */
const NUMBER_VALUE = /^\s*:\s*(\d+)[\s,}]/;

/** The index of the quote closing the string opened at `open`, or -1 when it has not arrived yet. */
function closingQuote(bytes: Buffer, open: number): number {
  // A loop in JavaScript: strings are short, and a native indexOf per string costs more than it saves.
  for (let at = open + 1; at < bytes.length; at++) {
    const code = bytes[at];
    if (code === BACKSLASH) at++;
    else if (code === QUOTE) return at;
  }
  return -1;
}

/** The whole number after the first of `keys` (offsets just after a "sequence_id" string) that a `:` follows. */
function sequenceIdOf(element: Buffer, keys: number[]): number | undefined {
  for (const at of keys) {
    const match = NUMBER_VALUE.exec(element.toString('latin1', at, at + 40));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * Yields the elements of one JSON array (`[{...},{...}]`) as its UTF-8 text arrives in chunks,
 * holding at most the element being read (plus one chunk) in memory: the shape data return
 * streams. It works on the bytes (a quote or backslash byte is never part of a multi-byte
 * character), so nothing is decoded on the way; an element is decoded and parsed
 * only when its value is asked for, its sequence_id read on the way. Throws JsonArrayStreamError
 * when the text ends before the array closes.
 */
export async function* parseJsonArrayStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<JsonArrayElement> {
  let buffer: Buffer = Buffer.alloc(0);
  let position = 0;
  let depth = 0;
  let start = -1;
  /** Just after each top-level string "sequence_id" of the element (relative to it): the key is the one a `:` follows. */
  let sequenceIdKeys: number[] = [];
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    buffer = buffer.length === 0 ? bytes : (Buffer.concat([buffer, bytes]) as Buffer);
    const length = buffer.length;
    for (; position < length; position++) {
      const code = buffer[position];
      if (code === QUOTE) {
        const end = closingQuote(buffer, position);
        if (end === -1) break;
        if (depth === 2 && end - position === SEQUENCE_ID_KEY.length - 1 && buffer[position + 1] === SEQUENCE_ID_KEY[1] && buffer.compare(SEQUENCE_ID_KEY, 0, SEQUENCE_ID_KEY.length, position, end + 1) === 0) {
          sequenceIdKeys.push(end + 1 - start);
        }
        position = end;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (depth === 0 && code !== OPEN_BRACKET) throw new JsonArrayStreamError('expected a JSON array', false);
        if (depth === 1) {
          start = position;
          sequenceIdKeys = [];
        }
        depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (--depth === 1) {
          const element = buffer.subarray(start, position + 1);
          yield new JsonArrayElement(element, sequenceIdOf(element, sequenceIdKeys));
          start = -1;
        } else if (depth === 0) {
          return;
        }
      }
    }
    // Keep only the element being read (or the string whose end has not arrived), copied out of the chunk.
    const keepFrom = start >= 0 ? start : Math.min(position, length);
    buffer = Buffer.from(buffer.subarray(keepFrom));
    position -= keepFrom;
    if (start >= 0) start = 0;
  }
  throw new JsonArrayStreamError('the response ended before its JSON array closed', true);
}
