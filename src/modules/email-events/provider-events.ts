import type { EmailEvent } from './email-event.types.ts';
import { isEmailRef, refInText, REF_HEADER } from './email-ref.ts';

/**
 * Each email service's documented delivery-event payload, normalised to EmailEvent (null: an
 * event that is no bounce or complaint, such as a delivery or an open).
 */

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const ref = (value: unknown): string | null => (isEmailRef(value) ? value.trim().toLowerCase() : null);
const squash = (...parts: unknown[]) => parts.map(str).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();

/**
 * Amazon SES notification (the Message of an SNS Notification): notificationType (or eventType
 * with event publishing) Bounce (bounceType Permanent = hard, Transient/Undetermined = soft) or
 * Complaint. The reference: X-Agent-Connect-Ref in mail.headers, the ac_ref message tag, our
 * Message-ID in mail.commonHeaders, or the VERP mail.source.
 */
export function sesEvent(snsMessageId: string, message: Json): EmailEvent | null {
  const type = str(message.notificationType ?? message.eventType);
  const mail = obj(message.mail);
  const headers = Array.isArray(mail.headers) ? (mail.headers as Json[]) : [];
  const found =
    ref(headers.find((h) => str(h.name).toLowerCase() === REF_HEADER.toLowerCase())?.value) ??
    ref((obj(mail.tags).ac_ref as unknown[] | undefined)?.[0]) ??
    refInText(str(obj(mail.commonHeaders).messageId)) ??
    refInText(str(mail.source));
  if (type === 'Bounce') {
    const bounce = obj(message.bounce);
    const recipient = obj((bounce.bouncedRecipients as unknown[] | undefined)?.[0]);
    const hard = str(bounce.bounceType) === 'Permanent';
    return {
      provider: 'ses',
      eventKey: snsMessageId,
      ref: found,
      kind: hard ? 'hard_bounce' : 'soft_bounce',
      final: !hard,
      detail: squash(bounce.bounceType, bounce.bounceSubType, recipient.status, recipient.diagnosticCode),
    };
  }
  if (type === 'Complaint') {
    const complaint = obj(message.complaint);
    return { provider: 'ses', eventKey: snsMessageId, ref: found, kind: 'complaint', final: false, detail: squash(complaint.complaintFeedbackType ?? 'complaint') };
  }
  return null;
}

/**
 * One SendGrid Event Webhook event: bounce (type bounce = hard; type blocked = soft and final,
 * SendGrid does not retry it), dropped (Bounced Address or Invalid = hard, Spam Reporting Address =
 * complaint, others soft and final) and spamreport (complaint). The reference is the ac_ref
 * unique argument, which SendGrid puts on every event.
 */
export function sendgridEvent(event: Json): EmailEvent | null {
  const base = { provider: 'sendgrid' as const, eventKey: str(event.sg_event_id) || `${str(event.sg_message_id)}:${str(event.event)}`, ref: ref(event.ac_ref) };
  const detail = squash(event.type, event.status, event.reason);
  switch (str(event.event)) {
    case 'bounce':
      return str(event.type) === 'blocked' ? { ...base, kind: 'soft_bounce', final: true, detail } : { ...base, kind: 'hard_bounce', final: true, detail };
    case 'dropped': {
      const reason = str(event.reason);
      if (/spam/i.test(reason)) return { ...base, kind: 'complaint', final: false, detail: squash('dropped', reason) };
      if (/bounced|invalid/i.test(reason)) return { ...base, kind: 'hard_bounce', final: true, detail: squash('dropped', reason) };
      return { ...base, kind: 'soft_bounce', final: true, detail: squash('dropped', reason) };
    }
    case 'spamreport':
      return { ...base, kind: 'complaint', final: false, detail: 'spamreport' };
    default:
      return null;
  }
}

const POSTMARK_HARD = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated']);
const POSTMARK_SOFT = new Set(['SoftBounce', 'Transient', 'DnsError', 'Blocked', 'DMARCPolicy', 'Undeliverable']);
const POSTMARK_COMPLAINT = new Set(['SpamComplaint', 'SpamNotification', 'Unsubscribe']);

/**
 * A Postmark webhook: RecordType Bounce (Type HardBounce, BadEmailAddress, ManuallyDeactivated =
 * hard; SoftBounce, Transient, DnsError, Blocked, DMARCPolicy = soft, final when Postmark made the
 * address Inactive; SpamComplaint, Unsubscribe = complaint; auto-replies and the like ignored) or
 * SpamComplaint. The reference is Metadata["ac-ref"] (the X-PM-Metadata-ac-ref header).
 */
export function postmarkEvent(body: Json): EmailEvent | null {
  const recordType = str(body.RecordType);
  const type = str(body.Type);
  const base = { provider: 'postmark' as const, eventKey: `${recordType}:${str(body.ID) || str(body.MessageID)}`, ref: ref(obj(body.Metadata)['ac-ref']) };
  const detail = squash(type, body.Description, body.Details).slice(0, 300);
  if (recordType === 'SpamComplaint' || (recordType === 'Bounce' && POSTMARK_COMPLAINT.has(type))) return { ...base, kind: 'complaint', final: false, detail };
  if (recordType !== 'Bounce') return null;
  if (POSTMARK_HARD.has(type)) return { ...base, kind: 'hard_bounce', final: true, detail };
  if (POSTMARK_SOFT.has(type)) return { ...base, kind: 'soft_bounce', final: body.Inactive === true, detail };
  return null;
}

/**
 * A Mailgun webhook's event-data: failed with severity permanent = hard (except reason "old",
 * Mailgun giving up after retrying a temporary failure: soft and final), temporary = soft;
 * complained = complaint. The reference is user-variables.ac_ref (the X-Mailgun-Variables header).
 */
export function mailgunEvent(data: Json): EmailEvent | null {
  const base = { provider: 'mailgun' as const, eventKey: str(data.id), ref: ref(obj(data['user-variables']).ac_ref) };
  const status = obj(data['delivery-status']);
  const detail = squash(data.severity, data.reason, status.code, status.description || status.message).slice(0, 300);
  if (str(data.event) === 'complained') return { ...base, kind: 'complaint', final: false, detail: 'complained' };
  if (str(data.event) !== 'failed') return null;
  if (str(data.severity) === 'permanent') {
    return str(data.reason) === 'old' ? { ...base, kind: 'soft_bounce', final: true, detail } : { ...base, kind: 'hard_bounce', final: true, detail };
  }
  return { ...base, kind: 'soft_bounce', final: false, detail };
}
