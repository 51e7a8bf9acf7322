import type { RequestDraft } from '../../connection.types.ts';
import { LookupError, type HelpdeskClient } from '../../helpdesk-client.ts';
import { definedOnly, firstText, objectAt } from '../payload-values.ts';

/** The Intercom API version lookups ask for (contacts and admins read the same since 2.0). */
export const INTERCOM_API_VERSION = '2.11';

export const INTERCOM_API_BASE = 'https://api.intercom.io';

interface Person {
  email?: string;
  name?: string;
}

/** The contact and the admin as the notification itself names them (the source's and the parts' authors). */
export interface KnownPeople {
  contact?: Person;
  admin?: Person;
}

/**
 * The conversation's contact (`GET /contacts/{id}`) and admin (`GET /admins/{id}`): their emails
 * and names, or a skip when the admin turns out to be a bot. When Intercom no longer knows an id
 * (404: a lead merged into a user, a teammate removed), the name and email the notification
 * carried for it stand in; other failures are thrown (transient ones are retried).
 */
export async function lookUpIntercomPeople(
  client: HelpdeskClient,
  contactId: string,
  adminId: string,
  known: KnownPeople,
): Promise<{ customer: RequestDraft['customer']; employee: RequestDraft['employee'] } | { skip: string }> {
  const contact = await found(client, `/contacts/${encodeURIComponent(contactId)}`, known.contact);
  const admin = await found(client, `/admins/${encodeURIComponent(adminId)}`, known.admin);
  if (admin.type === 'bot') return { skip: 'the conversation is assigned to a bot' };
  const adminEmail = firstText(admin.email);
  if (!adminEmail) return { skip: `admin ${adminId} has no email address` };
  return {
    customer: definedOnly({ email: firstText(contact.email), name: firstText(contact.name), custom_id: firstText(contact.external_id) }),
    employee: { email: adminEmail },
  };
}

/** The object at `path`, or what the notification said of it when Intercom answers 404. */
async function found(client: HelpdeskClient, path: string, fallback: Person | undefined): Promise<Record<string, unknown>> {
  try {
    const answer = objectAt(await client.getJson(path));
    if (!answer) throw new LookupError(`GET ${path} did not answer an object`, false);
    return answer;
  } catch (error) {
    if (fallback && error instanceof LookupError && !error.transient && / answered 404\b/.test(error.message)) return { ...fallback };
    throw error;
  }
}
