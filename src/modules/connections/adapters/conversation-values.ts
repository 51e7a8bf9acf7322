import { createHmac, timingSafeEqual } from 'node:crypto';

/** Small readers of untrusted JSON, shared by the Kustomer and Gladly adapters. */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** `value` at `path` when it is a non-empty string (numbers are written as strings). */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current: unknown = value;
  for (const key of path) current = asObject(current)?.[key];
  if (typeof current === 'number' && Number.isFinite(current)) return String(current);
  return typeof current === 'string' && current.trim() !== '' ? current.trim() : undefined;
}

export function arrayAt(value: unknown, ...path: string[]): unknown[] {
  let current: unknown = value;
  for (const key of path) current = asObject(current)?.[key];
  return Array.isArray(current) ? current : [];
}

/**
 * A helpdesk's channel name as one of the usual company channels (phone, chat, email); undefined
 * when it is none of them, so the request keeps the company's default rather than being refused.
 */
export function usualChannel(helpdeskChannel: string | undefined): string | undefined {
  const name = helpdeskChannel?.toLowerCase().replace(/[^a-z]/g, '');
  if (!name) return undefined;
  if (name === 'email') return 'email';
  if (['voice', 'phone', 'phonecall', 'call', 'voicemail'].includes(name)) return 'phone';
  if (['chat', 'sms', 'messenger', 'fbmessenger', 'facebook', 'instagram', 'whatsapp', 'twitter', 'twitterdm', 'line', 'wechat'].includes(name)) return 'chat';
  return undefined;
}

/** Constant-time comparison of two strings (false when their lengths differ). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Lower-case hex HMAC-SHA256 of the bytes. */
export function hmacSha256Hex(key: string, data: Buffer | string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Problems with an API base URL, named by field; empty when it is an http(s) URL. */
export function apiBaseProblems(apiBase: string | null, example: string): string[] {
  if (!apiBase) return [`api_base: required (the helpdesk's API base URL, e.g. ${example})`];
  try {
    const url = new URL(apiBase);
    return url.protocol === 'https:' || url.protocol === 'http:' ? [] : ['api_base: must be an http(s) URL'];
  } catch {
    return ['api_base: must be an absolute URL'];
  }
}
