import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { EmailEvent } from './email-event.types.ts';
import { isEmailRef, refInText, REF_HEADER } from './email-ref.ts';

/** One block of `Name: value` fields of a message/delivery-status part, names lower-cased. */
type Fields = Map<string, string>;

/** Splits a message/delivery-status body (RFC 3464 §2.1) into its per-message and per-recipient field groups. */
export function deliveryStatusGroups(body: string): Fields[] {
  const unfolded = body.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  return unfolded
    .split(/\n\s*\n/)
    .map((block) => {
      const fields: Fields = new Map();
      for (const line of block.split('\n')) {
        const match = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line.trim());
        if (match && !fields.has(match[1].toLowerCase())) fields.set(match[1].toLowerCase(), match[2].trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** The value after an RFC 3464 type prefix (`rfc822; a@b`, `smtp; 550 ...`). */
function typed(value: string | undefined): string {
  return (value ?? '').replace(/^[A-Za-z0-9-]+\s*;\s*/, '').trim();
}

/** A recipient's report as a bounce: 5.x.x (or failed without a status) hard, 4.x.x failed soft and final, delayed soft. */
function classify(fields: Fields): Pick<EmailEvent, 'kind' | 'final'> | null {
  const action = (fields.get('action') ?? '').toLowerCase();
  const status = /^([245])\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[1];
  if (action === 'delayed') return { kind: 'soft_bounce', final: false };
  if (action !== 'failed') return null;
  if (status === '4') return { kind: 'soft_bounce', final: true };
  return { kind: 'hard_bounce', final: true };
}

/** Our reference in a header block (the returned message or its headers): X-Agent-Connect-Ref, else our Message-ID. */
function refInHeaders(block: string): string | null {
  const unfolded = block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  const own = new RegExp(`^${REF_HEADER}:\\s*(\\S+)`, 'im').exec(unfolded)?.[1];
  if (isEmailRef(own)) return own.toLowerCase();
  const messageId = /^Message-ID:\s*(.+)$/im.exec(unfolded)?.[1];
  return refInText(messageId);
}

function header(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'text' in value) return String((value as { text: string }).text);
  return String(value);
}

/**
 * Reads a delivery status notification (RFC 3464: multipart/report; report-type=delivery-status)
 * and returns the bounce it reports, or null for any other message (an auto-reply, a DSN that
 * reports delivery). The survey email is found by, in order: the Original-Envelope-Id; the
 * VERP address the report was sent to (X-Original-To, Delivered-To, To); the returned message's
 * X-Agent-Connect-Ref or Message-ID. The event id is the report's Message-ID (or its hash).
 */
export async function parseDsn(raw: Buffer | string): Promise<EmailEvent | null> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextLinks: true });
  const statusPart = mail.attachments.find((part) => /^message\/(global-)?delivery-status$/i.test(part.contentType));
  if (!statusPart) return null;
  const [perMessage, ...recipients] = deliveryStatusGroups(statusPart.content.toString('utf8'));
  const reports = recipients.map((fields) => ({ fields, verdict: classify(fields) })).filter((report) => report.verdict !== null);
  if (reports.length === 0 || !perMessage) return null;
  // A survey email has one recipient; a report naming several takes the most severe.
  const { fields, verdict } = reports.find((report) => report.verdict!.kind === 'hard_bounce') ?? reports.find((report) => report.verdict!.final) ?? reports[0];

  const envelopeId = perMessage.get('original-envelope-id');
  const returned = mail.attachments.find((part) => /^(message\/(global|rfc822)|text\/(rfc822-)?headers|message\/global-headers)$/i.test(part.contentType));
  const returnedHeaders = returned ? returned.content.toString('utf8').split(/\r?\n\r?\n/)[0] : '';
  const ref =
    (isEmailRef(envelopeId) ? envelopeId.toLowerCase() : null) ??
    refInText(header(mail, 'x-original-to')) ??
    refInText(header(mail, 'delivered-to')) ??
    refInText(header(mail, 'to')) ??
    refInHeaders(returnedHeaders);

  const status = fields.get('status') ?? '';
  const diagnostic = typed(fields.get('diagnostic-code'));
  const recipient = typed(fields.get('final-recipient') ?? fields.get('original-recipient'));
  const reportId = mail.messageId ?? createHash('sha256').update(raw).digest('hex');
  return {
    provider: 'dsn',
    eventKey: `${reportId}:${recipient.toLowerCase()}`,
    ref,
    kind: verdict!.kind,
    final: verdict!.final,
    detail: `${fields.get('action') ?? ''} ${status} ${diagnostic}`.replace(/\s+/g, ' ').trim(),
  };
}
