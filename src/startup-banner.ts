import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { emailFileDirectory } from './mail/mailer.ts';
import type { Role } from './server-role.ts';

export interface StartupFacts {
  role: Role;
  /** Whether this process runs the outbox worker (it sends the emails). */
  worker: boolean;
  /** The base URL clients reach: PUBLIC_URL, with the bound port when PORT=0. */
  url: string;
  /** The liveness probe on the address this process is bound to. */
  health: string;
  /** The interactive API reference, on processes that serve the API. */
  docs: string | null;
  /** Where this process's emails go, without credentials. */
  emails: string;
}

/** What an operator needs to know once `serve` listens (logged as fields, and shown on a terminal). */
export function startupFacts(config: Config, role: Role, worker: boolean, address: AddressInfo | string | null): StartupFacts {
  const url = new URL(config.publicUrl);
  if (config.port === 0 && address !== null && typeof address === 'object') url.port = String(address.port);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { role, worker, url: base, health: `${boundUrl(config, address)}/healthz`, docs: role === 'worker' ? null : `${base}/docs`, emails: emailsGo(config, role, worker) };
}

function boundUrl(config: Config, address: AddressInfo | string | null): string {
  const protocol = config.tls ? 'https:' : 'http:';
  const host = typeof address === 'object' && address !== null ? address.address : config.host;
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${protocol}//${reachable}:${port}`;
}

function emailsGo(config: Config, role: Role, worker: boolean): string {
  if (!worker) return role === 'api' ? 'sent by the worker processes (serve --role worker)' : 'not sent by this process (OUTBOX_WORKER=false)';
  if (!config.smtpUrl) return `written as .eml files to ${emailFileDirectory(config)} (SMTP_URL is not set)`;
  const smtp = new URL(config.smtpUrl);
  return `sent through ${smtp.protocol}//${smtp.host}`;
}

/** The few human lines `serve` prints on a terminal (stderr), after the JSON log line. */
export function startupBanner(facts: StartupFacts): string {
  const lines = [
    facts.role === 'worker' ? `Agent Connect worker is running (health: ${facts.health})` : `Agent Connect is running at ${facts.url}`,
    ...(facts.docs ? [`  API reference: ${facts.docs}`] : []),
    `  Emails: ${facts.emails}`,
    '  Press Ctrl+C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}
