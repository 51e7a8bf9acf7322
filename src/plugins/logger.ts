import type { FastifyServerOptions } from 'fastify';
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
];

export function loggerOptions(config: Config, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: maskSurveyToken(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}

/** Survey links carry a secret token: `/s/<token>/...` is logged as `/s/[token]/...`. */
export function maskSurveyToken(url: string): string {
  return url.replace(/^\/s\/[^/?#]+/, '/s/[token]');
}
