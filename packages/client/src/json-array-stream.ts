/**
 * Yields the objects of one JSON array (`[{...},{...}]`) as its text arrives in chunks,
 * holding at most one element in memory: the shape data return streams. With `envelope`, the
 * array is the one property of an object (`{"requests":[{...}]}`), as the v1 feeds stream it.
 */
export async function* parseJsonArrayStream(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: { envelope?: boolean } = {}): AsyncGenerator<unknown> {
  const elementDepth = options.envelope ? 2 : 1;
  const decoder = new TextDecoder();
  let buffer = '';
  let position = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    for (; position < buffer.length; position++) {
      const char = buffer[position];
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
      } else if (char === '"') {
        inString = true;
      } else if (char === '{' || char === '[') {
        if (depth === elementDepth && char === '{') start = position;
        depth++;
      } else if (char === '}' || char === ']') {
        depth--;
        if (depth === elementDepth && char === '}' && start >= 0) {
          yield JSON.parse(buffer.slice(start, position + 1));
          start = -1;
        } else if (depth === 0) {
          return;
        }
      }
    }
    // Keep only the element being read.
    const keepFrom = start >= 0 ? start : buffer.length;
    buffer = buffer.slice(keepFrom);
    position -= keepFrom;
    if (start >= 0) start = 0;
  }
}
