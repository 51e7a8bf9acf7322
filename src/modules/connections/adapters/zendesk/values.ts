import { isLanguageTag } from '../../../../lib/validators.ts';
import type { RequestDraft } from '../../connection.types.ts';

/**
 * A string value from a Zendesk body: trimmed, undefined when blank or when it is a placeholder
 * Zendesk left unrendered ("{{ticket.id}}", as in a "Test webhook" run with the raw body).
 */
export function value(input: unknown): string | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) return String(input);
  if (typeof input !== 'string') return undefined;
  const trimmed = input.trim();
  if (trimmed === '' || /^\{\{.*\}\}$/.test(trimmed)) return undefined;
  return trimmed;
}

export function record(input: unknown): Record<string, unknown> | undefined {
  return input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
}

/** Zendesk's {{ticket.tags}} renders space-separated; the API gives an array. */
export function tagList(input: unknown): string[] | undefined {
  const tags = Array.isArray(input) ? input.map(value) : (value(input)?.split(/[\s,]+/) ?? []);
  const kept = tags.filter((tag): tag is string => tag !== undefined && tag !== '');
  return kept.length > 0 ? [...new Set(kept)] : undefined;
}

/** {{ticket.link}} has no scheme ("acme.zendesk.com/agent/tickets/1"): https is added. */
export function ticketUrl(input: unknown): string | undefined {
  const link = value(input);
  if (!link) return undefined;
  return /^https?:\/\//i.test(link) ? link : `https://${link.replace(/^\/+/, '')}`;
}

const LANGUAGE_CODES = [
  'ar', 'bg', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fa', 'fi', 'fil', 'fr', 'he', 'hi', 'hr', 'hu', 'id', 'is',
  'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'nb', 'nl', 'no', 'pl', 'pt', 'ro', 'ru', 'sk', 'sl', 'sr', 'sv', 'th', 'tr', 'uk',
  'vi', 'zh',
];
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const CODE_BY_NAME = new Map(LANGUAGE_CODES.map((code) => [languageNames.of(code)?.toLowerCase() ?? code, code]));

/**
 * A language tag for what Zendesk gives: the API's locale ("en-US") as is; the
 * {{ticket.requester.language}} placeholder's English name ("English", "German (Germany)") by
 * its primary language; undefined when neither.
 */
export function languageTag(input: unknown): string | undefined {
  const text = value(input);
  if (!text) return undefined;
  if (isLanguageTag(text) && text.split('-')[0].length <= 3) return text;
  const name = text.replace(/\s*\(.*\)\s*$/, '').toLowerCase();
  return CODE_BY_NAME.get(name);
}

/** Drops undefined members so drafts compare and print cleanly. */
export function withoutUndefined(draft: RequestDraft): RequestDraft {
  const clean = (object: object) => Object.fromEntries(Object.entries(object).filter(([, item]) => item !== undefined));
  return { ...clean(draft), customer: clean(draft.customer), employee: clean(draft.employee) } as RequestDraft;
}
