import { SignJWT } from 'jose';
import { AppError } from '../lib/errors.ts';

/** Why an export stopped, worded for the operator (printed as `error: <message>`). */
export class ExportError extends AppError {
  constructor(message: string) {
    super(502, message);
  }
}

export interface ExportCredentials {
  /** Base URL of the server, e.g. http://127.0.0.1:3000. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** Waits `seconds` before a retry, telling the operator why (see ExportProgress.wait). */
export type Wait = (seconds: number, reason: string) => Promise<void>;

/** Seconds to wait on a 429 that carries no usable Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * The cause of a failed request or body read, as short as it is useful: a system error code
 * (ECONNREFUSED, ENOTFOUND, ECONNRESET...), each code of a multi-address attempt, or the message.
 */
export function describeCause(error: unknown): string {
  type Failure = { cause?: unknown; code?: unknown; errors?: unknown; message?: unknown };
  for (let current = error as Failure | undefined; current; current = current.cause as Failure | undefined) {
    if (Array.isArray(current.errors) && current.errors.length > 0) return [...new Set(current.errors.map(describeCause))].join(', ');
    if (typeof current.code === 'string' && !current.code.startsWith('UND_ERR')) return current.code;
    if (!current.cause) return typeof current.message === 'string' ? current.message : String(current);
  }
  return String(error);
}

/** The message of an error body: the JSON `message` or first of `errors`/`validation_errors`, else the text. */
function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown; validation_errors?: unknown };
    const list = Array.isArray(parsed.errors) ? parsed.errors : Array.isArray(parsed.validation_errors) ? parsed.validation_errors : [];
    if (typeof parsed.message === 'string') return parsed.message;
    if (list.length > 0) return list.join('; ');
  } catch {
    // plain text
  }
  return body.trim().slice(0, 300) || '(no message)';
}

/** Which option holds the credential a 403 refused, from the server's message. */
function credentialToCheck(message: string): string {
  if (/jwt|iat|authorization/i.test(message)) return 'check --api-secret (the company\'s API secret, which signs the JWT) and this machine\'s clock';
  if (/api key|x-api-key|test key/i.test(message)) return 'check --api-key (sent as x-api-key: the company\'s production or test API key)';
  return 'check --api-key and --api-secret';
}

/**
 * The export's HTTP: every request carries x-api-key and a fresh JWT signed with the API secret;
 * a 429 is waited out (Retry-After, told through `wait`) and retried; anything else that fails
 * becomes an ExportError naming the URL and the cause or the server's message.
 */
export class ExportHttp {
  constructor(
    private readonly credentials: ExportCredentials,
    private readonly wait: Wait,
  ) {}

  /** `path` (with `query`) on the server, and the same without the query for messages. */
  url(path: string, query: Record<string, string> = {}): { full: string; shown: string } {
    const url = new URL(path, this.credentials.url.replace(/\/+$/, '') + '/');
    const shown = url.toString();
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return { full: url.toString(), shown };
  }

  /** GETs `path` until it answers 2xx (waiting out 429s); returns the response, its body unread. */
  async get(path: string, query: Record<string, string> = {}): Promise<Response> {
    const { full, shown } = this.url(path, query);
    for (;;) {
      let response: Response;
      try {
        response = await fetch(full, { headers: { accept: 'application/json', 'x-api-key': this.credentials.apiKey, authorization: await this.jwt() } });
      } catch (error) {
        throw new ExportError(`cannot reach ${shown} (${describeCause(error)})`);
      }
      if (response.ok) return response;
      const body = await response.text().catch(() => '');
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await this.wait(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : DEFAULT_RETRY_AFTER_SECONDS, 'rate limited by the server');
        continue;
      }
      const message = serverMessage(body);
      if (response.status === 403) throw new ExportError(`${shown} refused the credentials (403: ${message}); ${credentialToCheck(message)}`);
      throw new ExportError(`${shown} answered ${response.status}: ${message}`);
    }
  }

  private jwt(): Promise<string> {
    return new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().sign(new TextEncoder().encode(this.credentials.apiSecret));
  }
}
