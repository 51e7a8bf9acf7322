import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file is src/config.ts, or dist/config.js once compiled. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

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
  /** DATABASE_EXPORT_POOL_SIZE: PostgreSQL connections per process for data-return reads, apart from the main pool (default 4). */
  databaseExportPoolSize: number;
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
  /**
   * WEBHOOK_ALLOW_PRIVATE_NETWORKS: let webhook endpoints be on this host or its private networks
   * (loopback, RFC 1918, link-local, unique-local). Off by default, so no company can make the
   * server call services only it can reach; turn it on when every company is your own (default false).
   */
  webhookAllowPrivateNetworks: boolean;
  /** WEBHOOK_TIMEOUT_MS: how long a webhook delivery waits for the endpoint's answer before it is retried later (default 5000). */
  webhookTimeoutMs: number;
  /** WEBHOOK_MAX_ENDPOINTS: enabled webhook endpoints a company may have; more are refused with 422 (default 20). */
  webhookMaxEndpoints: number;
  /** REQUIRE_HTTPS: refuse plain-HTTP requests (except health and metrics); pages are redirected to PUBLIC_URL (default false). */
  requireHttps: boolean;
  /**
   * TRUST_PROXY: whose X-Forwarded-Proto/-For/-Host to believe: `true` (any peer), `false` (none, the
   * default) or a comma-separated list of proxy addresses and CIDR ranges.
   */
  trustProxy: boolean | string[];
  /** SESSION_IDLE_TIMEOUT_MINUTES: a web app session unused this long ends (default 720, 12 hours). */
  sessionIdleTimeoutMinutes: number;
  /** SESSION_MAX_AGE_HOURS: a web app session ends this long after sign-in, however active (default 720, 30 days). */
  sessionMaxAgeHours: number;
  /**
   * WEB_DIST_DIR: the built web app the server serves (its index.html and assets/); default web/dist
   * of this installation, which `npm ci` and `agent-connect serve` build. Missing: the app's pages answer 503.
   */
  webDistDir: string;
  /** TLS_CERT and TLS_KEY: PEM file paths; when both are set the server speaks HTTPS itself. */
  tls: { certPath: string; keyPath: string } | null;
  /** How long and how many connections a client may hold (slow or too many clients are cut off). */
  connections: ConnectionLimits;
  /** Where uploaded images (brand logos, employee photos) are kept: DATA_DIR/media, or an S3-compatible bucket. */
  media: MediaStoreConfig;
  /** DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE (a PEM file): when all are set, every email is DKIM-signed. */
  dkim: { domain: string; selector: string; privateKey: string } | null;
  /**
   * BOUNCE_ADDRESS: an address such as `bounces@mail.example.com` whose domain receives delivery reports;
   * each survey email's envelope sender becomes `bounces+<reference>@mail.example.com` (VERP), and its
   * Message-ID `<reference@mail.example.com>`. Pipe that mail to `agent-connect email-event dsn` or POST it
   * to /email-events/inbound. Unset: SMTP_FROM is the envelope sender (and gives the Message-ID's domain).
   */
  bounceAddress: string | null;
  /**
   * Secrets of the email services' delivery-event webhooks (bounces and complaints) at POST
   * /email-events/{ses,sendgrid,postmark,mailgun,inbound}; each answers 404 until its own is set.
   */
  emailEvents: EmailEventSecrets;
  /** Helpdesk connections and Slack/Teams alerts: how their secrets are sealed and how long lookups wait. */
  integrations: IntegrationsConfig;
}

export interface IntegrationsConfig {
  /**
   * INTEGRATION_SECRETS_KEY: 32 bytes (base64 or 64 hex digits) that seal helpdesk API tokens, signing
   * secrets and alert webhook URLs (AES-256-GCM). Unset: a key generated on first use in
   * DATA_DIR/integration-secrets.key (set it explicitly when several hosts share a database).
   */
  secretsKey: Buffer | null;
  /** INTEGRATION_SECRETS_KEY_PREVIOUS: comma-separated earlier keys, still accepted for opening secrets while `agent-connect connection rekey` reseals them. */
  previousSecretsKeys: Buffer[];
  /** INTEGRATION_LOOKUP_TIMEOUT_MS: how long one helpdesk API lookup waits for an answer (default 10000). */
  lookupTimeoutMs: number;
}

export type MediaStoreConfig =
  | { kind: 'file'; dir: string }
  | {
      kind: 's3';
      /** MEDIA_S3_BUCKET: turns the bucket on. */
      bucket: string;
      /** MEDIA_S3_ENDPOINT: the S3 API's base URL (default https://s3.<region>.amazonaws.com; MinIO, R2 and others give theirs). */
      endpoint: string;
      /** MEDIA_S3_REGION (default us-east-1). */
      region: string;
      /** MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY. */
      accessKeyId: string;
      secretAccessKey: string;
      /** MEDIA_S3_PREFIX: key prefix inside the bucket (default media/). */
      prefix: string;
    };

export interface EmailEventSecrets {
  /** SES_SNS_TOPIC_ARNS: comma-separated SNS topic ARNs whose signed notifications (and subscription confirmations) are accepted (Amazon SES). */
  sesTopicArns: string[];
  /** SENDGRID_WEBHOOK_PUBLIC_KEY: the Event Webhook's verification key (base64 ECDSA public key). */
  sendgridPublicKey: string | null;
  /** POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD: the basic-auth credentials put in Postmark's webhook URL. */
  postmark: { user: string; password: string } | null;
  /** MAILGUN_WEBHOOK_SIGNING_KEY: Mailgun's HTTP webhook signing key (HMAC-SHA256 of timestamp + token; stale or replayed requests get 406). */
  mailgunSigningKey: string | null;
  /** INBOUND_EMAIL_TOKEN: bearer token of POST /email-events/inbound, where a mail server pipes delivery reports (DSNs). */
  inboundToken: string | null;
}

export interface ConnectionLimits {
  /** HTTP_HEADERS_TIMEOUT_MS: time a client has to send a request's headers, TLS handshake included (default 10000). */
  headersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS: time a client has to send a whole request, body included (default 30000). */
  requestTimeoutMs: number;
  /** HTTP_KEEP_ALIVE_TIMEOUT_MS: how long an idle keep-alive connection is kept open (default 72000, above common load balancers' 60 s). */
  keepAliveTimeoutMs: number;
  /** HTTP_IDLE_TIMEOUT_MS: a connection on which nothing is sent or received for this long is closed (default 120000). */
  idleTimeoutMs: number;
  /** HTTP_MAX_CONNECTIONS: open connections the process accepts in all; more are closed at once (default 10000). */
  maxConnections: number;
  /**
   * HTTP_MAX_CONNECTIONS_PER_ADDRESS: open connections one peer address may hold; more are closed at
   * once (default 256; 0 turns it off). Peers that TRUST_PROXY trusts are exempt: the proxy limits its clients.
   */
  maxConnectionsPerAddress: number;
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

function trustProxy(env: Env): boolean | string[] {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined) return false;
  if (['true', 'false'].includes(raw.toLowerCase())) return boolean(env, 'TRUST_PROXY', false);
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = net.isIP(address);
    const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !validPrefix || rest.length > 0) {
      throw new ConfigError('TRUST_PROXY', `"${entry}" is not an IP address or CIDR range (use true, false or a list such as 10.0.0.1,192.168.0.0/16)`);
    }
  }
  return entries;
}

function connectionLimits(env: Env): ConnectionLimits {
  const limits = {
    headersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 3_600_000),
    idleTimeoutMs: integer(env, 'HTTP_IDLE_TIMEOUT_MS', 120_000, 100, 3_600_000),
    maxConnections: integer(env, 'HTTP_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxConnectionsPerAddress: integer(env, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS', 256, 0, 1_000_000),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', `must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`);
  }
  return limits;
}

function pemFile(env: Env, name: string, check: (pem: string) => unknown, what: string): string {
  const file = path.resolve(read(env, name)!);
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(name, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    check(pem);
  } catch {
    throw new ConfigError(name, `${file} is not a PEM ${what}`);
  }
  return file;
}

function tls(env: Env): Config['tls'] {
  const cert = read(env, 'TLS_CERT');
  const key = read(env, 'TLS_KEY');
  if (cert === undefined && key === undefined) return null;
  if (cert === undefined) throw new ConfigError('TLS_CERT', 'must be set when TLS_KEY is set');
  if (key === undefined) throw new ConfigError('TLS_KEY', 'must be set when TLS_CERT is set');
  return {
    certPath: pemFile(env, 'TLS_CERT', (pem) => new X509Certificate(pem), 'certificate'),
    keyPath: pemFile(env, 'TLS_KEY', (pem) => createPrivateKey(pem), 'private key'),
  };
}

function media(env: Env, dataDir: string): MediaStoreConfig {
  const bucket = read(env, 'MEDIA_S3_BUCKET');
  if (bucket === undefined) return { kind: 'file', dir: path.join(dataDir, 'media') };
  const region = read(env, 'MEDIA_S3_REGION') ?? 'us-east-1';
  const accessKeyId = read(env, 'MEDIA_S3_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'MEDIA_S3_SECRET_ACCESS_KEY');
  if (!accessKeyId) throw new ConfigError('MEDIA_S3_ACCESS_KEY_ID', 'must be set when MEDIA_S3_BUCKET is set');
  if (!secretAccessKey) throw new ConfigError('MEDIA_S3_SECRET_ACCESS_KEY', 'must be set when MEDIA_S3_BUCKET is set');
  const endpoint = (url(env, 'MEDIA_S3_ENDPOINT', ['http:', 'https:']) ?? `https://s3.${region}.amazonaws.com`).replace(/\/+$/, '');
  const prefix = read(env, 'MEDIA_S3_PREFIX') ?? 'media/';
  return { kind: 's3', bucket, endpoint, region, accessKeyId, secretAccessKey, prefix };
}

function dkim(env: Env): Config['dkim'] {
  const names = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY_FILE'] as const;
  const given = names.filter((name) => read(env, name) !== undefined);
  if (given.length === 0) return null;
  const missing = names.find((name) => read(env, name) === undefined);
  if (missing) throw new ConfigError(missing, `must be set with ${given.join(' and ')}`);
  const domain = read(env, 'DKIM_DOMAIN')!.toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain)) throw new ConfigError('DKIM_DOMAIN', 'must be a domain name such as mail.example.com');
  const selector = read(env, 'DKIM_SELECTOR')!;
  if (!/^[A-Za-z0-9._-]+$/.test(selector)) throw new ConfigError('DKIM_SELECTOR', 'must be a DNS label such as s1 or ac2026');
  const file = pemFile(env, 'DKIM_PRIVATE_KEY_FILE', (pem) => createPrivateKey(pem), 'private key');
  return { domain, selector, privateKey: fs.readFileSync(file, 'utf8') };
}

function bounceAddress(env: Env): string | null {
  const raw = read(env, 'BOUNCE_ADDRESS');
  if (raw === undefined) return null;
  if (!/^[^\s@<>"+]+@[^\s@<>"]+$/.test(raw)) throw new ConfigError('BOUNCE_ADDRESS', `"${raw}" is not a bare email address without "+" such as bounces@mail.example.com`);
  return raw;
}

function sendgridKey(env: Env): string | null {
  const raw = read(env, 'SENDGRID_WEBHOOK_PUBLIC_KEY');
  if (raw === undefined) return null;
  try {
    const key = raw.includes('BEGIN PUBLIC KEY') ? createPublicKey(raw) : createPublicKey({ key: Buffer.from(raw, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec') throw new Error('not an EC key');
  } catch {
    throw new ConfigError('SENDGRID_WEBHOOK_PUBLIC_KEY', "is not SendGrid's verification key (the base64 ECDSA public key shown with the Signed Event Webhook)");
  }
  return raw;
}

function emailEvents(env: Env): EmailEventSecrets {
  const user = read(env, 'POSTMARK_WEBHOOK_USER');
  const password = read(env, 'POSTMARK_WEBHOOK_PASSWORD');
  if ((user === undefined) !== (password === undefined)) {
    throw new ConfigError(user === undefined ? 'POSTMARK_WEBHOOK_USER' : 'POSTMARK_WEBHOOK_PASSWORD', 'POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD go together');
  }
  const arns = (read(env, 'SES_SNS_TOPIC_ARNS') ?? '').split(',').map((arn) => arn.trim()).filter(Boolean);
  const badArn = arns.find((arn) => !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(arn));
  if (badArn) throw new ConfigError('SES_SNS_TOPIC_ARNS', `"${badArn}" is not an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ses-events`);
  return {
    sesTopicArns: arns,
    sendgridPublicKey: sendgridKey(env),
    postmark: user !== undefined && password !== undefined ? { user, password } : null,
    mailgunSigningKey: read(env, 'MAILGUN_WEBHOOK_SIGNING_KEY') ?? null,
    inboundToken: read(env, 'INBOUND_EMAIL_TOKEN') ?? null,
  };
}

/** Reads and validates the configuration; throws a `ConfigError` naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');
  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const tlsFiles = tls(env);
  const givenPublicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']);
  const publicUrl = (givenPublicUrl ?? `${tlsFiles ? 'https' : 'http'}://localhost:${port}`).replace(/\/+$/, '');
  const requireHttps = boolean(env, 'REQUIRE_HTTPS', false);
  if (requireHttps && !publicUrl.startsWith('https:')) {
    if (givenPublicUrl) throw new ConfigError('PUBLIC_URL', 'must be an https:// URL when REQUIRE_HTTPS is true');
    throw new ConfigError('REQUIRE_HTTPS', 'needs an https:// PUBLIC_URL (or TLS_CERT and TLS_KEY)');
  }
  const apiBaseDomain = read(env, 'API_BASE_DOMAIN')?.toLowerCase().replace(/\.+$/, '') || null;
  if (apiBaseDomain && !/^[a-z0-9.-]+$/.test(apiBaseDomain)) {
    throw new ConfigError('API_BASE_DOMAIN', 'must be a domain name such as api.example.com');
  }
  return {
    port,
    host: read(env, 'HOST') ?? '127.0.0.1',
    dataDir,
    databaseUrl: databaseUrl(env, dataDir),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseExportPoolSize: integer(env, 'DATABASE_EXPORT_POOL_SIZE', 4, 1, 1000),
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
    webhookAllowPrivateNetworks: boolean(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
    webhookMaxEndpoints: integer(env, 'WEBHOOK_MAX_ENDPOINTS', 20, 1, 1000),
    requireHttps,
    trustProxy: trustProxy(env),
    sessionIdleTimeoutMinutes: integer(env, 'SESSION_IDLE_TIMEOUT_MINUTES', 720, 1, 525_600),
    sessionMaxAgeHours: integer(env, 'SESSION_MAX_AGE_HOURS', 720, 1, 87_600),
    webDistDir: path.resolve(read(env, 'WEB_DIST_DIR') ?? path.join(PACKAGE_ROOT, 'web', 'dist')),
    tls: tlsFiles,
    connections: connectionLimits(env),
    media: media(env, dataDir),
    dkim: dkim(env),
    bounceAddress: bounceAddress(env),
    emailEvents: emailEvents(env),
    integrations: {
      secretsKey: secretsKey('INTEGRATION_SECRETS_KEY', read(env, 'INTEGRATION_SECRETS_KEY')),
      previousSecretsKeys: (read(env, 'INTEGRATION_SECRETS_KEY_PREVIOUS') ?? '').split(',').map((k) => k.trim()).filter(Boolean).map((k) => secretsKey('INTEGRATION_SECRETS_KEY_PREVIOUS', k)!),
      lookupTimeoutMs: integer(env, 'INTEGRATION_LOOKUP_TIMEOUT_MS', 10_000, 100, 120_000),
    },
  };
}

/** A 32-byte key written as base64 or as 64 hex digits. */
function secretsKey(name: string, raw: string | undefined): Buffer | null {
  if (raw === undefined) return null;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError(name, 'must be 32 bytes, as base64 (44 characters) or 64 hex digits; make one with: openssl rand -base64 32');
  return key;
}
