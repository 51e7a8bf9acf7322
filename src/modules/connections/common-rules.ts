import type { Company } from '../companies/companies.repository.ts';
import { DO_NOT_SEND_TAGS, type ConnectionOptions, type RequestDraft } from './connection.types.ts';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** The same language, or the same primary language (a customer's en-GB for a company's en). */
const sameLanguage = (known: string, tag: string | undefined) => tag !== undefined && tag.trim() !== '' && (same(known, tag) || same(known.split('-')[0], tag.trim().split('-')[0]));

/**
 * The rules every connection's drafts follow before POST /v1/requests' validation: the tags
 * do_not_send / do_not_send_stella suppress the survey; the connection's channel overrides the
 * event's; the channel is matched case-insensitively to the company's (Freshdesk's "Email" is
 * email); the brand to a brand's name or display name (with one brand, an unknown name is
 * dropped); the connection's brand stands in for a missing one; with several languages, one the
 * company lacks (or none) becomes the connection's language, else the company's first.
 */
export function applyCommonRules(draft: RequestDraft, options: ConnectionOptions, company: Company): RequestDraft {
  const request: RequestDraft = { ...draft, customer: { ...draft.customer }, employee: { ...draft.employee } };
  if (request.tags?.some((tag) => DO_NOT_SEND_TAGS.some((name) => same(tag, name)))) request.do_not_send = true;
  const channel = options.channel ?? request.channel;
  if (channel !== undefined) request.channel = company.channels.find((known) => same(known, channel)) ?? channel;
  if (!request.brand?.trim()) request.brand = options.brand;
  if (request.brand !== undefined) {
    const brand = request.brand;
    const match = company.brands.find((known) => same(known.name, brand) || same(known.displayName, brand));
    // A company with one brand takes every request under it, whatever the helpdesk calls its brand.
    request.brand = match?.name ?? (company.brands.length === 1 ? undefined : brand);
  }
  // A company with several languages needs one the survey exists in: the event's, else the connection's, else the company's first.
  if (company.languages.length > 1 && !company.languages.some((known) => sameLanguage(known, request.language))) {
    request.language = options.language ?? company.languages[0];
  }
  for (const key of Object.keys(request) as (keyof RequestDraft)[]) if (request[key] === undefined) delete request[key];
  return request;
}
