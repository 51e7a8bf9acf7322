import type { KeyObject } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { EmailEventSecrets } from '../../config.ts';
import { parseDsn } from './dsn-parser.ts';
import type { EmailEvent, EmailEventOutcome } from './email-event.types.ts';
import type { EmailEventsRepository } from './email-events.repository.ts';
import type { EmailEventsService } from './email-events.service.ts';
import { mailgunEvent, postmarkEvent, sendgridEvent, sesEvent } from './provider-events.ts';
import { allowedSnsUrl, SnsSignatureError, SnsVerifier, type SnsMessage } from './sns-verifier.ts';
import { basicCredentials, sameSecret, sendgridPublicKey, validMailgunSignature, validSendgridSignature } from './webhook-signatures.ts';

/** What a receiver answers: 404 (the service is not configured), 401 (bad signature), 400/406/415, or 200 with the outcomes. */
export interface ReceiverAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** What a mail server's pipe may post to /email-events/inbound: the raw message. */
const INBOUND_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

/** Mailgun timestamps older (or further ahead) than this are refused as stale. */
export const MAILGUN_MAX_AGE_MS = 10 * 60_000;

const notConfigured = (service: string): ReceiverAnswer => ({ status: 404, body: { error: 'Not Found', message: `${service} delivery events are not configured on this server` } });
const badRequest = (message: string): ReceiverAnswer => ({ status: 400, body: { error: 'Bad Request', message } });

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The email services' delivery-event webhooks and the inbound DSN endpoint: each checks its
 * service's signature as the service documents it, normalises the events and applies them.
 * Events for no known survey email are answered 200 (ignored) so the service stops retrying.
 */
export class EmailEventReceivers {
  private sendgridKey: KeyObject | null = null;

  constructor(
    private readonly secrets: EmailEventSecrets,
    private readonly service: EmailEventsService,
    private readonly repository: EmailEventsRepository,
    /** Replaceable in tests (a local certificate server); Amazon's hosts otherwise. */
    public sns: SnsVerifier = new SnsVerifier(),
  ) {}

  private async applyAll(events: (EmailEvent | null)[], log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    const outcomes: (EmailEventOutcome | 'ignored')[] = [];
    for (const event of events) outcomes.push(event ? await this.service.apply(event, log) : 'ignored');
    return { status: 200, body: { outcomes } };
  }

  private refused(log: FastifyBaseLogger, provider: string, reason: string, headers?: Record<string, string>): ReceiverAnswer {
    log.warn({ provider, reason }, 'delivery event refused: bad signature or credentials');
    return { status: 401, body: { error: 'Unauthorized', message: `the ${provider} signature or credentials are not valid` }, headers };
  }

  /** Amazon SES through an SNS HTTP(S) subscription. */
  async ses(raw: Buffer, log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    if (this.secrets.sesTopicArns.length === 0) return notConfigured('Amazon SES');
    const message = parseJson(raw);
    if (!isObject(message) || typeof message.Type !== 'string' || typeof message.MessageId !== 'string') return badRequest('body: not an SNS message');
    const sns = message as unknown as SnsMessage;
    if (!this.secrets.sesTopicArns.includes(sns.TopicArn)) return this.refused(log, 'ses', 'TopicArn not in SES_SNS_TOPIC_ARNS');
    try {
      await this.sns.verify(sns);
    } catch (error) {
      if (error instanceof SnsSignatureError) return this.refused(log, 'ses', error.message);
      throw error;
    }
    if (sns.Type === 'SubscriptionConfirmation') {
      const url = allowedSnsUrl(sns.SubscribeURL, this.sns.policy);
      if (!url) return badRequest('SubscribeURL: not an Amazon SNS URL');
      try {
        await this.sns.confirm(url);
      } catch (error) {
        log.warn({ provider: 'ses', err: (error as Error).message }, 'SNS subscription confirmation failed');
        return badRequest('SubscribeURL: the confirmation failed');
      }
      log.info({ provider: 'ses', topic_arn: sns.TopicArn }, 'SNS subscription confirmed');
      return { status: 200, body: { confirmed: true } };
    }
    if (sns.Type !== 'Notification') return { status: 200, body: { outcomes: ['ignored'] } };
    const inner = parseJson(Buffer.from(String(sns.Message), 'utf8'));
    return this.applyAll([isObject(inner) ? sesEvent(sns.MessageId, inner) : null], log);
  }

  /** SendGrid's signed Event Webhook (a JSON array of events). */
  async sendgrid(raw: Buffer, signature: string | undefined, timestamp: string | undefined, log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    if (!this.secrets.sendgridPublicKey) return notConfigured('SendGrid');
    this.sendgridKey ??= sendgridPublicKey(this.secrets.sendgridPublicKey);
    if (!validSendgridSignature(this.sendgridKey, signature, timestamp, raw)) return this.refused(log, 'sendgrid', 'ECDSA signature');
    const events = parseJson(raw);
    if (!Array.isArray(events)) return badRequest('body: not an array of SendGrid events');
    return this.applyAll(events.map((event) => (isObject(event) ? sendgridEvent(event) : null)), log);
  }

  /** Postmark's bounce and spam-complaint webhooks, behind the basic credentials put in their URL. */
  async postmark(raw: Buffer, authorization: string | undefined, log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    const expected = this.secrets.postmark;
    if (!expected) return notConfigured('Postmark');
    const given = basicCredentials(authorization);
    // Both compared, whatever the first gives, so timing says nothing about which was wrong.
    const userOk = sameSecret(given?.user ?? '', expected.user);
    const passwordOk = sameSecret(given?.password ?? '', expected.password);
    if (!given || !userOk || !passwordOk) return this.refused(log, 'postmark', 'basic credentials', { 'www-authenticate': 'Basic realm="email-events"' });
    const body = parseJson(raw);
    if (!isObject(body)) return badRequest('body: not a Postmark webhook object');
    return this.applyAll([postmarkEvent(body)], log);
  }

  /** Mailgun's signed webhooks: HMAC of timestamp + token, a fresh timestamp, and a token used once. */
  async mailgun(raw: Buffer, log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    const key = this.secrets.mailgunSigningKey;
    if (!key) return notConfigured('Mailgun');
    const body = parseJson(raw);
    const signature = isObject(body) && isObject(body.signature) ? body.signature : null;
    const [timestamp, token, hmac] = [signature?.timestamp, signature?.token, signature?.signature].map((value) => (typeof value === 'number' ? String(value) : value));
    if (typeof timestamp !== 'string' || typeof token !== 'string' || typeof hmac !== 'string') return this.refused(log, 'mailgun', 'no signature object');
    if (!validMailgunSignature(key, timestamp, token, hmac)) return this.refused(log, 'mailgun', 'HMAC signature');
    // 406 is Mailgun's documented "rejected, do not retry".
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp) * 1000) > MAILGUN_MAX_AGE_MS) {
      log.warn({ provider: 'mailgun' }, 'delivery event refused: stale timestamp');
      return { status: 406, body: { error: 'Not Acceptable', message: 'signature.timestamp is too old' } };
    }
    if (await this.repository.tokenSeen('mailgun', token)) {
      log.warn({ provider: 'mailgun' }, 'delivery event refused: replayed token');
      return { status: 406, body: { error: 'Not Acceptable', message: 'signature.token was used before' } };
    }
    const data = isObject(body) && isObject(body['event-data']) ? body['event-data'] : null;
    if (!data) return badRequest('event-data: missing');
    const answer = await this.applyAll([mailgunEvent(data)], log);
    await this.repository.rememberToken('mailgun', token, 2 * MAILGUN_MAX_AGE_MS);
    return answer;
  }

  /** A delivery status notification piped by the mail server that receives BOUNCE_ADDRESS's mail. */
  async inbound(raw: Buffer, authorization: string | undefined, contentType: string | undefined, log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    const token = this.secrets.inboundToken;
    if (!token) return notConfigured('Inbound');
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) return this.refused(log, 'inbound', 'bearer token', { 'www-authenticate': 'Bearer' });
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type && !INBOUND_TYPES.includes(type)) return { status: 415, body: { error: 'Unsupported Media Type', message: 'content-type: send the report as message/rfc822 or text/plain' } };
    return this.dsn(raw, log);
  }

  /** Reads one DSN (also what `agent-connect email-event dsn` does). */
  async dsn(raw: Buffer, log: FastifyBaseLogger): Promise<ReceiverAnswer> {
    if (raw.length === 0) return badRequest('body: empty, expected an RFC 822 message');
    return this.applyAll([await parseDsn(raw)], log);
  }
}
