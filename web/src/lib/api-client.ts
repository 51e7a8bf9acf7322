import type { ApiErrorBody } from './api-types.ts';

/**
 * The app's fetch: same-origin cookies, JSON both ways, the session's CSRF token on writes, errors
 * thrown as ApiError carrying the server's message, and 401 handed to onUnauthorized (the router
 * sends the person to /login?next=...).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds, from Retry-After (429). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to show for a failed call: the server's message, or `networkError` when there was no answer. */
export function errorMessage(error: unknown, networkError: string): string {
  return error instanceof ApiError && error.status ? error.message : networkError;
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set from the /me or sign-in answer; null when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>;

/** `?a=1&b=x&b=y`: arrays as repeated parameters, empty values left out. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A file sent as it is (an image upload) instead of a JSON body. */
  file?: Blob;
  query?: Query;
  signal?: AbortSignal;
  /** 401 is an answer, not a reason to go to the sign-in page (GET /me, POST /session). */
  allowUnauthorized?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.file) headers['content-type'] = options.file.type || 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, '');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data as T;
  if (response.status === 401 && !options.allowUnauthorized) {
    csrfToken = null;
    onUnauthorized?.();
  }
  const body = data as Partial<ApiErrorBody> | null;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(response.status, body?.message ?? response.statusText, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}
