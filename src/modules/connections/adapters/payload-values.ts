/** Small readers for helpdesk payloads: values arrive as whatever the helpdesk rendered. */

/** The value when it is a plain object, else undefined. */
export function objectAt(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The value as trimmed text (numbers become their decimal form), or undefined when it is blank,
 * not a string or number, or a placeholder the helpdesk left unrendered (`{{ticket.agent.email}}`).
 */
export function textAt(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || /^\{\{[^}]*\}\}$/.test(text)) return undefined;
  return text;
}

/** The first of the values that reads as text. */
export function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = textAt(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** Tags given as an array of strings or as one comma-separated string, trimmed, blanks and duplicates dropped. */
export function tagList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const tags: string[] = [];
  for (const item of items) {
    const tag = textAt(item);
    if (tag !== undefined && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** The value when it is an absolute http(s) URL. */
export function httpUrlAt(value: unknown): string | undefined {
  const text = textAt(value);
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A copy without the keys whose value is undefined. */
export function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
