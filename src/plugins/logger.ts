import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import type { Config } from '../config.ts';

/** Paths of secrets that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-api-key"]',
  'headers.authorization',
  '*.api_key',
  '*.test_api_key',
  '*.api_secret',
  '*.password',
  '*.temporary_password',
  '*.current_password',
  '*.new_password',
  '*.api_token',
  '*.signing_secret',
];

export function loggerOptions(config: Config, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: maskUrlSecrets(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}

/** Query parameters whose names say they carry a credential. */
const SECRET_PARAMETER = /key|secret|token|password|auth|signature|jwt/i;

/**
 * A URL as logged: survey links carry a secret token (`/s/<token>/...` is logged as `/s/[token]/...`),
 * so do helpdesk connections' inbound URLs (`/inbound/[id]`), and the values of query parameters
 * named like credentials (`?api_key=...`, sent there by mistake) are replaced with `[redacted]`.
 */
export function maskUrlSecrets(url: string): string {
  const masked = url.replace(/^\/s\/[^/?#]+/, '/s/[token]').replace(/^\/inbound\/[^/?#]+/, '/inbound/[id]');
  const query = masked.indexOf('?');
  if (query === -1) return masked;
  const parameters = masked
    .slice(query + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      return equals !== -1 && SECRET_PARAMETER.test(decodedName(parameter.slice(0, equals))) ? `${parameter.slice(0, equals)}=[redacted]` : parameter;
    });
  return `${masked.slice(0, query)}?${parameters.join('&')}`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * The logger of one request, made into a pino child only when the request logs something:
 * Fastify gives every request a child carrying its id, and building one (its bindings pass
 * through the redaction rules) costs more than the rest of a small request, while at
 * LOG_LEVEL=warn most requests never log.
 */
class RequestLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.options.level ?? this.parent.level;
  }

  isLevelEnabled(level: string): boolean {
    const values = (this.parent as unknown as { levels: { values: Record<string, number> } }).levels.values;
    return values[level] >= values[this.level];
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  fatal(...args: unknown[]) { this.write('fatal', args); }
  error(...args: unknown[]) { this.write('error', args); }
  warn(...args: unknown[]) { this.write('warn', args); }
  info(...args: unknown[]) { this.write('info', args); }
  debug(...args: unknown[]) { this.write('debug', args); }
  trace(...args: unknown[]) { this.write('trace', args); }
  silent() {}

  private write(level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.logger()[level] as (...a: unknown[]) => void)(...args);
  }

  private logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }
}

/** Fastify's childLoggerFactory: request loggers made on first use. */
export function requestLogger(this: unknown, parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new RequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}
