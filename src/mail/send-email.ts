import type { Telemetry } from '../lib/telemetry.ts';
import { classifySendError, type MailMessage, type Mailer, type SentMail } from './mailer.ts';
import { OutboxError } from '../outbox/outbox-handlers.ts';

/**
 * Sends the email of an outbox job of `kind` and counts the outcome (emails_total). A refused
 * or failed send becomes an OutboxError: permanent for 5xx replies (bounced when the
 * recipient was refused), retried otherwise.
 */
export async function sendJobEmail(mailer: Mailer, message: MailMessage, kind: string, telemetry?: Telemetry): Promise<SentMail> {
  try {
    const sent = await mailer.send(message);
    telemetry?.email(kind, 'sent');
    return sent;
  } catch (error) {
    const failure = classifySendError(error);
    telemetry?.email(kind, failure.bounced ? 'bounced' : failure.permanent ? 'failed' : 'deferred');
    throw new OutboxError(failure.message, failure.permanent, failure.bounced);
  }
}
