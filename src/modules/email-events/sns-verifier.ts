import { createVerify, X509Certificate } from 'node:crypto';

/** An SNS message as posted to an HTTP(S) subscription (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html). */
export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** Which URLs may serve SNS signing certificates and subscription confirmations. */
export interface SnsUrlPolicy {
  protocols: string[];
  host: RegExp;
}

/** Amazon's: https on sns.<region>.amazonaws.com (or .amazonaws.com.cn). Tests inject their own policy in code (never from the environment). */
export const AMAZON_SNS_URLS: SnsUrlPolicy = { protocols: ['https:'], host: /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/ };

export class SnsSignatureError extends Error {}

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const SUBSCRIPTION_FIELDS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** The string SNS signs: each present field's name and value on their own lines, in the documented order. */
export function snsStringToSign(message: SnsMessage): string {
  const fields = message.Type === 'Notification' ? NOTIFICATION_FIELDS : SUBSCRIPTION_FIELDS;
  return fields
    .filter((field) => typeof message[field] === 'string')
    .map((field) => `${field}\n${message[field]}\n`)
    .join('');
}

export function allowedSnsUrl(value: unknown, policy: SnsUrlPolicy): URL | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return policy.protocols.includes(url.protocol) && policy.host.test(url.host) && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

/**
 * Verifies SNS message signatures (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) with the
 * certificate at SigningCertURL, fetched only from an allowed URL and kept in memory by URL.
 */
export class SnsVerifier {
  private readonly certificates = new Map<string, X509Certificate>();

  constructor(
    readonly policy: SnsUrlPolicy = AMAZON_SNS_URLS,
    private readonly timeoutMs = 5000,
  ) {}

  async verify(message: SnsMessage): Promise<void> {
    const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : message.SignatureVersion === '2' ? 'RSA-SHA256' : null;
    if (!algorithm) throw new SnsSignatureError(`unsupported SignatureVersion ${String(message.SignatureVersion)}`);
    const url = allowedSnsUrl(message.SigningCertURL, this.policy);
    if (!url) throw new SnsSignatureError('SigningCertURL is not an Amazon SNS certificate URL');
    if (typeof message.Signature !== 'string') throw new SnsSignatureError('no Signature');
    const certificate = await this.certificate(url);
    const now = Date.now();
    if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) throw new SnsSignatureError('the signing certificate is not valid now');
    const valid = createVerify(algorithm).update(snsStringToSign(message), 'utf8').verify(certificate.publicKey, Buffer.from(message.Signature, 'base64'));
    if (!valid) throw new SnsSignatureError('the signature does not match');
  }

  private async certificate(url: URL): Promise<X509Certificate> {
    const cached = this.certificates.get(url.href);
    if (cached) return cached;
    let certificate: X509Certificate;
    try {
      const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      certificate = new X509Certificate(await response.text());
    } catch (error) {
      throw new SnsSignatureError(`cannot read the signing certificate: ${(error as Error).message}`);
    }
    if (this.certificates.size >= 50) this.certificates.clear();
    this.certificates.set(url.href, certificate);
    return certificate;
  }

  /** Confirms a subscription by a GET of its SubscribeURL (already checked against the policy). */
  async confirm(subscribeUrl: URL): Promise<void> {
    const response = await fetch(subscribeUrl, { redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`SubscribeURL answered HTTP ${response.status}`);
  }
}
