import { execFileSync } from 'node:child_process';
import { createHmac, createSign, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'email-events');

/** A fixture's text with __REF__, __TO__ and __DSNID__ filled in. */
export function fixtureText(name: string, values: { ref: string; to: string; dsnId?: string }): string {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .replaceAll('__REF__', values.ref)
    .replaceAll('__TO__', values.to)
    .replaceAll('__DSNID__', values.dsnId ?? randomUUID());
}

/** A JSON fixture, filled in, without its `_source` note. */
export function fixtureJson(name: string, values: { ref: string; to: string }): Record<string, any> {
  const { _source, ...body } = JSON.parse(fixtureText(name, values));
  return body;
}

/**
 * A stand-in for Amazon SNS: an RSA key with a self-signed certificate (openssl) served over HTTP on
 * loopback, plus a SubscribeURL that records its confirmations. Messages are signed as the SNS
 * documentation describes: each field name and value on its own line, in its documented order.
 */
export class FakeSns {
  readonly confirmations: string[] = [];
  private server!: http.Server;
  private key!: string;
  private certificate!: string;
  baseUrl = '';

  async start(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-sns-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=sns.test'], { stdio: 'ignore' });
    this.key = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
    this.certificate = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    this.server = http.createServer((req, res) => {
      if (req.url?.startsWith('/SimpleNotificationService-test.pem')) return res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(this.certificate);
      if (req.url?.startsWith('/confirm')) {
        this.confirmations.push(req.url);
        return res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get certUrl(): string {
    return `${this.baseUrl}/SimpleNotificationService-test.pem`;
  }

  /** A signed SNS message (Notification or SubscriptionConfirmation); `version` 1 = SHA1, 2 = SHA256. */
  message(type: 'Notification' | 'SubscriptionConfirmation', topicArn: string, body: string, options: { version?: '1' | '2'; certUrl?: string; subscribeUrl?: string } = {}): Record<string, string> {
    const message: Record<string, string> = {
      Type: type,
      MessageId: randomUUID(),
      TopicArn: topicArn,
      Message: body,
      Timestamp: new Date().toISOString(),
      SignatureVersion: options.version ?? '2',
      SigningCertURL: options.certUrl ?? this.certUrl,
    };
    if (type === 'SubscriptionConfirmation') {
      message.Token = randomUUID().replaceAll('-', '');
      message.SubscribeURL = options.subscribeUrl ?? `${this.baseUrl}/confirm?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${message.Token}`;
    }
    const order = type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
    const text = order.filter((field) => message[field] !== undefined).map((field) => `${field}\n${message[field]}\n`).join('');
    message.Signature = createSign(message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256').update(text).sign(this.key, 'base64');
    return message;
  }
}

/** SendGrid's signing key pair: the public key as SendGrid shows it (base64 DER), and a signer of timestamp + body. */
export function sendgridKeys(): { publicKey: string; headers(body: string, privateKey?: KeyObject): Record<string, string>; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey,
    headers(body, key = privateKey) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        'content-type': 'application/json',
        'x-twilio-email-event-webhook-timestamp': timestamp,
        'x-twilio-email-event-webhook-signature': sign('sha256', Buffer.from(timestamp + body), key).toString('base64'),
      };
    },
  };
}

/** A Mailgun body with a fresh signature (timestamp `ageSeconds` old, a random token) by `key`. */
export function mailgunSigned(body: Record<string, any>, key: string, options: { ageSeconds?: number; token?: string } = {}): Record<string, any> {
  const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
  const token = options.token ?? randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '').slice(0, 18);
  const signature = createHmac('sha256', key).update(timestamp + token).digest('hex');
  return { ...body, signature: { timestamp, token, signature } };
}
