import path from 'node:path';

/**
 * Every environment variable the service reads, with its default. This is the only
 * module that looks at `process.env`; everything else receives a `Config`.
 */
export interface Config {
  /** PORT: TCP port the HTTP server listens on (default 3000). */
  port: number;
  /** HOST: interface to bind (default 127.0.0.1; 0.0.0.0 to accept remote connections). */
  host: string;
  /** DATA_DIR: directory for the embedded SQLite database and local files (default ./data). */
  dataDir: string;
  /** DATABASE_URL: `sqlite:<path>` or `postgres://...` (default sqlite:<DATA_DIR>/agent-connect.db). */
  databaseUrl: string;
  /** DATABASE_POOL_SIZE: PostgreSQL connections per process (default 10). */
  databasePoolSize: number;
  /** PUBLIC_URL: base URL customers and clients reach the service at (default http://localhost:PORT). */
  publicUrl: string;
  /** LOG_LEVEL: fatal, error, warn, info, debug, trace or silent (default info). */
  logLevel: string;
  /** DEMO: create a demo company on an empty database at start (default true). */
  demo: boolean;
  /** API_BASE_DOMAIN: when set, requests to `<subdomain>.<API_BASE_DOMAIN>` must use that company's key. */
  apiBaseDomain: string | null;
  /** JWT_MAX_AGE: oldest accepted JWT `iat`, in seconds (default 86400). */
  jwtMaxAgeSeconds: number;
  /** REDIS_URL: when set, rate-limit counters live in Redis and are shared by all processes. */
  redisUrl: string | null;
  /** RATE_LIMIT_PER_MINUTE: data-return requests per minute per API key and route (default 100). */
  rateLimitPerMinute: number;
  /** SMTP_URL: `smtp://user:pass@host:587` or `smtps://...`; unset writes each email as an .eml file under DATA_DIR/outbox. */
  smtpUrl: string | null;
  /** SMTP_FROM: sender address of survey emails; the display name is the agent's (default surveys@<PUBLIC_URL host>). */
  smtpFrom: string;
  /** SMTP_POOL_SIZE: pooled SMTP connections per worker process (default 5). */
  smtpPoolSize: number;
  /** OUTBOX_WORKER: run the outbox worker (survey emails, invites) inside `serve` (default true). */
  outboxWorker: boolean;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid environment variable ${variable}: ${problem}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `"${raw}" is not a boolean (use true or false)`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = read(env, name);
  if (raw === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function databaseUrl(env: Env, dataDir: string): string {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) return `sqlite:${path.join(dataDir, 'agent-connect.db')}`;
  if (raw.startsWith('sqlite:')) {
    if (raw.length === 'sqlite:'.length) throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path');
    return raw;
  }
  url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return raw;
}

function smtpFrom(env: Env, publicUrl: string): string {
  const raw = read(env, 'SMTP_FROM');
  if (raw === undefined) return `surveys@${new URL(publicUrl).hostname}`;
  if (!/^[^\s@<>"]+@[^\s@<>"]+$/.test(raw)) throw new ConfigError('SMTP_FROM', `"${raw}" is not a bare email address such as surveys@example.com`);
  return raw;
}

/** Reads and validates the configuration; throws a `ConfigError` naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');
  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const apiBaseDomain = read(env, 'API_BASE_DOMAIN')?.toLowerCase() ?? null;
  if (apiBaseDomain && !/^[a-z0-9.-]+$/.test(apiBaseDomain)) {
    throw new ConfigError('API_BASE_DOMAIN', 'must be a domain name such as api.example.com');
  }
  return {
    port,
    host: read(env, 'HOST') ?? '127.0.0.1',
    dataDir,
    databaseUrl: databaseUrl(env, dataDir),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    publicUrl,
    logLevel,
    demo: boolean(env, 'DEMO', true),
    apiBaseDomain,
    jwtMaxAgeSeconds: integer(env, 'JWT_MAX_AGE', 86_400, 1, 31_536_000),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 100, 1, 1_000_000),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    smtpFrom: smtpFrom(env, publicUrl),
    smtpPoolSize: integer(env, 'SMTP_POOL_SIZE', 5, 1, 100),
    outboxWorker: boolean(env, 'OUTBOX_WORKER', true),
  };
}
