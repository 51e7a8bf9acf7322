import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { MailMessage } from '../../mail/mailer.ts';

/**
 * A survey email's delivery-event reference: 128 random bits as 32 lower-case hex digits, stored
 * on the survey row (surveys.email_ref). Unguessable, so a forged report names no message; lower
 * case, so a mail server that folds the case of a VERP address keeps it intact.
 */
export function generateEmailRef(): string {
  return randomBytes(16).toString('hex');
}

const REF = /^[0-9a-f]{32}$/;

export function isEmailRef(value: unknown): value is string {
  return typeof value === 'string' && REF.test(value.trim().toLowerCase());
}

/** The header that carries the reference verbatim. */
export const REF_HEADER = 'X-Agent-Connect-Ref';

/** The domain of our Message-IDs and VERP addresses: BOUNCE_ADDRESS's, else SMTP_FROM's. */
function referenceDomain(config: Pick<Config, 'bounceAddress' | 'smtpFrom'>): string {
  return (config.bounceAddress ?? config.smtpFrom).split('@')[1];
}

/**
 * What makes every service echo the reference back: our own Message-ID, X-Agent-Connect-Ref, the
 * metadata headers of Mailgun (user-variables), SendGrid (unique_args), Postmark (Metadata) and
 * Amazon SES (message tags), and with BOUNCE_ADDRESS the VERP envelope sender `bounces+<ref>@domain`.
 */
export function referenceFields(config: Pick<Config, 'bounceAddress' | 'smtpFrom'>, ref: string): Pick<MailMessage, 'messageId' | 'headers' | 'envelopeFrom'> {
  const fields: Pick<MailMessage, 'messageId' | 'headers' | 'envelopeFrom'> = {
    messageId: `<${ref}@${referenceDomain(config)}>`,
    headers: {
      [REF_HEADER]: ref,
      'X-Mailgun-Variables': JSON.stringify({ ac_ref: ref }),
      'X-SMTPAPI': JSON.stringify({ unique_args: { ac_ref: ref } }),
      'X-PM-Metadata-ac-ref': ref,
      'X-SES-MESSAGE-TAGS': `ac_ref=${ref}`,
    },
  };
  if (config.bounceAddress) {
    const [local, domain] = config.bounceAddress.split('@');
    fields.envelopeFrom = `${local}+${ref}@${domain}`;
  }
  return fields;
}

/** A reference found in free text: a VERP address `local+<ref>@`, or a Message-ID `<ref@`. */
export function refInText(text: string | null | undefined): string | null {
  if (!text) return null;
  const match = /\+([0-9a-fA-F]{32})@/.exec(text) ?? /<([0-9a-fA-F]{32})@/.exec(text) ?? /^\s*([0-9a-fA-F]{32})\s*$/.exec(text);
  return match ? match[1].toLowerCase() : null;
}
