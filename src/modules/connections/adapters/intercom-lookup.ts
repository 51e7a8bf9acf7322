import type { RequestDraft } from '../connection.types.ts';
import { LookupError, type HelpdeskClient } from '../helpdesk-client.ts';
import { definedOnly, firstText, objectAt } from './payload-values.ts';

/** The Intercom API version lookups ask for (contacts and admins read the same since 2.0). */
export const INTERCOM_API_VERSION = '2.11';

export const INTERCOM_API_BASE = 'https://api.intercom.io';

/**
 * The conversation's contact (`GET /contacts/{id}`) and admin (`GET /admins/{id}`): their emails
 * and names, or a skip when the admin turns out to be a bot.
 */
export async function lookUpIntercomPeople(
  client: HelpdeskClient,
  contactId: string,
  adminId: string,
): Promise<{ customer: RequestDraft['customer']; employee: RequestDraft['employee'] } | { skip: string }> {
  const contact = objectAt(await client.getJson(`/contacts/${encodeURIComponent(contactId)}`));
  if (!contact) throw new LookupError(`GET /contacts/${contactId} did not answer a contact`, false);
  const admin = objectAt(await client.getJson(`/admins/${encodeURIComponent(adminId)}`));
  if (!admin) throw new LookupError(`GET /admins/${adminId} did not answer an admin`, false);
  if (admin.type === 'bot') return { skip: 'the conversation is assigned to a bot' };
  const adminEmail = firstText(admin.email);
  if (!adminEmail) return { skip: `admin ${adminId} has no email address` };
  return {
    customer: definedOnly({ email: firstText(contact.email), name: firstText(contact.name), custom_id: firstText(contact.external_id) }),
    employee: { email: adminEmail },
  };
}
