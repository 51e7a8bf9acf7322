import { SignJWT } from 'jose';
import { AgentConnectError, errorFor, RateLimitError } from './errors.js';

export interface ClientOptions {
  /** e.g. https://blancapeak.example.com (no trailing /v1). */
  baseUrl: string;
  /** Production or test API key (x-api-key). */
  apiKey: string;
  /** The company's API secret: needed for data return and provisioning (HS256 JWTs). */
  apiSecret?: string;
  /** Attempts after the first, on 429 (honouring Retry-After) and on network errors. Default 5. */
  maxRetries?: number;
  /** Base delay of the exponential backoff for network errors, in ms. Default 250. */
  retryBaseMs?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  /** Query-string parameters; arrays repeat the parameter, undefined ones are left out. */
  query?: object;
  body?: unknown;
  jwt?: boolean;
  headers?: Record<string, string>;
  /** Safe to resend after a network error (GET, PUT, or a POST carrying an Idempotency-Key). */
  retryNetworkErrors?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Transport: auth headers, JWTs, retries, typed errors. */
export class Http {
  private readonly fetch: typeof fetch;
  private token: { value: string; issuedAt: number } | null = null;

  constructor(readonly options: ClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  url(path: string, query: CallOptions['query'] = {}): string {
    const url = new URL(path, this.options.baseUrl.replace(/\/+$/, '') + '/');
    for (const [key, value] of Object.entries(query) as [string, unknown][]) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url.toString();
  }

  /** A JWT signed with the API secret, reused for a minute. */
  async jwt(): Promise<string> {
    if (!this.options.apiSecret) throw new Error('apiSecret is required for data return and provisioning');
    const now = Math.floor(Date.now() / 1000);
    if (!this.token || now - this.token.issuedAt > 60) {
      const value = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now).sign(new TextEncoder().encode(this.options.apiSecret));
      this.token = { value, issuedAt: now };
    }
    return this.token.value;
  }

  /** Sends the call, retrying 429s and (when safe) network errors; returns the successful response. */
  async send(path: string, call: CallOptions = {}): Promise<Response> {
    const method = call.method ?? 'GET';
    const maxRetries = this.options.maxRetries ?? 5;
    const baseMs = this.options.retryBaseMs ?? 250;
    const canRetryNetwork = call.retryNetworkErrors ?? method !== 'POST';
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': this.options.apiKey, ...call.headers };
      if (call.jwt) headers.authorization = await this.jwt();
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await this.fetch(this.url(path, call.query), {
          method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
        });
      } catch (error) {
        if (!canRetryNetwork || attempt >= maxRetries) throw error;
        await sleep(baseMs * 2 ** attempt * (0.5 + Math.random()));
        continue;
      }
      if (response.ok) return response;
      const text = await response.text();
      if (response.status === 429 && attempt < maxRetries) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : baseMs * 2 ** attempt);
        continue;
      }
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // plain text, such as "Retry Later"
      }
      const error = errorFor(response.status, body);
      throw response.status === 429 ? new RateLimitError(429, error.message, error.messages, body) : error;
    }
  }

  async json<T>(path: string, call: CallOptions = {}): Promise<T> {
    const response = await this.send(path, call);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new AgentConnectError(response.status, `${response.status}: the answer is not JSON`, [], text);
    }
  }
}
