import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { pino } from 'pino';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Config } from '../config.ts';

export interface MailMessage {
  from: { name: string; address: string };
  to: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  /** One-click unsubscribe URL: List-Unsubscribe plus List-Unsubscribe-Post (RFC 8058). */
  unsubscribeUrl?: string;
  /** Logged when the message is written to a file instead of sent (no SMTP_URL). */
  devLink?: string;
  /** The Message-ID (`<id@domain>`) instead of nodemailer's random one. */
  messageId?: string;
  /** Extra headers, sent verbatim (ASCII, unfolded): the delivery-event reference for bounces and email services. */
  headers?: Record<string, string>;
  /** The envelope sender (Return-Path), e.g. a VERP bounce address; default the From address. */
  envelopeFrom?: string;
}

export interface SentMail {
  messageId: string;
  /** Where the message went: the SMTP server's reply, or the .eml file written. */
  response: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/** Whether a failed send may succeed later, and whether the recipient was refused. */
export interface SendFailure {
  permanent: boolean;
  bounced: boolean;
  message: string;
}

/** Where emails go as .eml files when SMTP_URL is unset: DATA_DIR/outbox (an absolute path). */
export function emailFileDirectory(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'outbox');
}

const require = createRequire(import.meta.url);

/** nodemailer, loaded when the first mailer is created (a server that sends no email never loads it). */
function loadNodemailer(): typeof nodemailer {
  return require('nodemailer') as typeof nodemailer;
}

/**
 * SMTP through a pooled nodemailer transport when SMTP_URL is set; otherwise each
 * message is written as an .eml file under DATA_DIR/outbox and its link is logged.
 */
export function createMailer(config: Config, log?: Logger): Mailer {
  if (!config.smtpUrl) return fileMailer(emailFileDirectory(config), log ?? (pino({ level: config.logLevel }) as unknown as Logger), config);
  const transport: Transporter = loadNodemailer().createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: config.smtpPoolSize,
    maxMessages: 1000,
    maxRequeues: 0,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(new URL(config.smtpUrl).protocol === 'smtp:' ? { getSocket: noDelaySocket(new URL(config.smtpUrl)) } : {}),
    ...dkimSigning(config),
  } as unknown as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      return { messageId: info.messageId, response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

/**
 * Plain SMTP sockets with Nagle off: a message's last small write otherwise waits for a
 * delayed ACK (~40 ms on Linux), which caps each pooled connection near 25 messages/s.
 * STARTTLS still upgrades these sockets; smtps:// keeps nodemailer's own TLS socket.
 */
function noDelaySocket(url: URL) {
  return (_options: unknown, callback: (error: Error | null, socket?: { connection: net.Socket }) => void) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 587) });
    socket.setNoDelay(true);
    socket.setTimeout(30_000, () => socket.destroy(Object.assign(new Error('SMTP connection timeout'), { code: 'ETIMEDOUT' })));
    const failed = (error: Error) => callback(error);
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.removeListener('error', failed);
      socket.setTimeout(0);
      callback(null, { connection: socket });
    });
  };
}

function fileMailer(dir: string, log: Logger | undefined, config: Pick<Config, 'dkim'>): Mailer {
  const transport = loadNodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...dkimSigning(config) });
  return {
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}.eml`);
      await writeWhole(file, info.message as Buffer);
      log?.info({ file, to: message.to, link: message.devLink }, 'no SMTP_URL: email written to a file');
      return { messageId: info.messageId, response: `written to ${file}` };
    },
    close: () => transport.close(),
  };
}

/** nodemailer's DKIM option when DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE are set: every message is signed. */
function dkimSigning(config: Pick<Config, 'dkim'>) {
  const { dkim } = config;
  return dkim ? { dkim: { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey } } : {};
}

/** Writes a file under a temporary name and renames it: a failed write (a full disk) leaves no file, not an empty one. */
async function writeWhole(file: string, content: Buffer): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await fs.writeFile(partial, content);
    await fs.rename(partial, file);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}

function toNodemailer(message: MailMessage) {
  return {
    from: { name: message.from.name, address: message.from.address },
    to: message.to,
    replyTo: message.replyTo ?? undefined,
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(message.messageId ? { messageId: message.messageId } : {}),
    ...(message.envelopeFrom ? { envelope: { from: message.envelopeFrom, to: message.to } } : {}),
    ...(message.unsubscribeUrl ? { list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Unsubscribe' } } } : {}),
    headers: {
      // Sent as given (ASCII): services read JSON headers such as X-Mailgun-Variables verbatim, never MIME-encoded.
      ...Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, { prepared: true, value }])),
      ...(message.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  };
}

/**
 * 5xx replies are permanent (a refused recipient is a bounce); 4xx replies and
 * connection problems (refused, reset, timeout, DNS) are transient and retried.
 */
export function classifySendError(error: unknown): SendFailure {
  const err = error as { responseCode?: number; code?: string; command?: string; message?: string; rejected?: unknown[] };
  const message = (err.message ?? String(error)).slice(0, 500);
  const code = typeof err.responseCode === 'number' ? err.responseCode : null;
  if (code !== null && code >= 500) {
    const bounced = err.code === 'EENVELOPE' || /^RCPT/i.test(err.command ?? '');
    return { permanent: true, bounced, message };
  }
  if (code !== null && code >= 400) return { permanent: false, bounced: false, message };
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') return { permanent: true, bounced: false, message };
  return { permanent: false, bounced: false, message };
}
