/** JSON Pointers (RFC 6901): `/ticket/requester/email`, `~1` for `/` and `~0` for `~` in a name. */

/** Why the text is not a JSON Pointer, or null when it is one. */
export function pointerProblem(pointer: string): string | null {
  if (pointer !== '' && !pointer.startsWith('/')) return 'must be a JSON Pointer starting with / (e.g. /ticket/requester/email)';
  if (/~[^01]|~$/.test(pointer)) return 'has a ~ not followed by 0 or 1 (write ~0 for ~ and ~1 for /)';
  return null;
}

/** The reference tokens of a pointer (throws when it is not one). */
export function parsePointer(pointer: string): string[] {
  const problem = pointerProblem(pointer);
  if (problem) throw new Error(`${JSON.stringify(pointer)} ${problem}`);
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value the pointer names in `document`, or undefined when there is none. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      value = value[Number(token)];
    } else if (typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, token)) {
      value = (value as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return value;
}
