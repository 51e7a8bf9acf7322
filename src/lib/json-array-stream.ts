/** An element of a streamed JSON array: its text as sent and its parsed value. */
export interface JsonArrayElement {
  text: string;
  value: unknown;
}

/** The next `"`, `{`, `}`, `[` or `]`: all that matters between strings. */
const STRUCTURAL = /["{}[\]]/g;

/** Thrown when the text is not one JSON array of objects, or ends before the array closes. */
export class JsonArrayStreamError extends Error {}

/** The index of the quote closing the string opened at `open`, or -1 when it has not arrived yet. */
function closingQuote(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/**
 * Yields the objects of one JSON array (`[{...},{...}]`) as its text arrives in chunks, holding
 * at most the element being read (plus one chunk) in memory: the shape data return streams.
 * Strings are skipped with indexOf, so the text is scanned at native speed; each element is
 * parsed with JSON.parse. Throws JsonArrayStreamError when the text ends before the array closes.
 */
export async function* parseJsonArrayStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<JsonArrayElement> {
  const decoder = new TextDecoder();
  let buffer = '';
  let position = 0;
  let depth = 0;
  let start = -1;
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      STRUCTURAL.lastIndex = position;
      const match = STRUCTURAL.exec(buffer);
      if (!match) {
        position = buffer.length;
        break;
      }
      const at = match.index;
      const char = buffer[at];
      if (char === '"') {
        const end = closingQuote(buffer, at);
        if (end === -1) {
          position = at;
          break;
        }
        position = end + 1;
        continue;
      }
      position = at + 1;
      if (char === '{' || char === '[') {
        if (depth === 0 && char !== '[') throw new JsonArrayStreamError('expected a JSON array');
        if (depth === 1) start = at;
        depth++;
      } else if (--depth === 1) {
        const text = buffer.slice(start, at + 1);
        yield { text, value: JSON.parse(text) };
        start = -1;
      } else if (depth === 0) {
        return;
      }
    }
    // Keep only the element being read (or the string whose end has not arrived).
    const keepFrom = start >= 0 ? start : Math.min(position, buffer.length);
    buffer = buffer.slice(keepFrom);
    position -= keepFrom;
    if (start >= 0) start = 0;
  }
  throw new JsonArrayStreamError('the response ended before its JSON array closed');
}
