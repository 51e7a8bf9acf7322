import type { HelpdeskClient } from './helpdesk-client.ts';

export const CONNECTION_KINDS = ['zendesk', 'freshdesk', 'kustomer', 'gladly', 'intercom', 'salesforce', 'generic'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** Tags that, on the helpdesk's ticket, mean "record the interaction but send no survey". */
export const DO_NOT_SEND_TAGS = ['do_not_send', 'do_not_send_stella'];

/**
 * The generic connection's mapping: each feedback-request field (written as in validation
 * messages: `customer.email`, `employee.custom_id`, `tags`, `custom_properties.order_id`) from a
 * JSON Pointer into the incoming body, or a constant; `when` decides whether an event makes a
 * request at all.
 */
export interface Mapping {
  fields: Record<string, string | { const: unknown }>;
  when?: { pointer: string; equals: unknown };
}

/** What a connection keeps besides its secrets (stored as JSON in connections.options). */
export interface ConnectionOptions {
  /** The generic connection's mapping. */
  mapping?: Mapping;
  /** Minutes to wait after the event before making the request (Kustomer's optional delay). */
  delay_minutes?: number;
  /** A channel every request of this connection gets (overrides what the event says). */
  channel?: string;
  /** The brand (its internal name) of requests whose event names none (Gladly's do not). */
  brand?: string;
  /** The language (one of the company's) of requests whose event names none the company has (Kustomer's and Gladly's name none). */
  language?: string;
}

/** Secrets of a connection, sealed together in connections.secrets. */
export interface ConnectionSecrets {
  api_user?: string;
  api_token?: string;
  signing_secret?: string;
}

/** A connection with its secrets opened, as adapters see it. */
export interface Connection {
  id: number;
  companyId: number;
  publicId: string;
  kind: ConnectionKind;
  name: string;
  apiBase: string | null;
  apiUser: string | null;
  apiToken: string | null;
  signingSecret: string | null;
  options: ConnectionOptions;
  createdAt: number;
}

/** An event as it reached POST /inbound/<public_id>. */
export interface InboundEvent {
  /** The bytes received: signatures cover these. */
  rawBody: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  receivedAt: number;
}

/** The feedback request an event asks for: POST /v1/requests' body. */
export interface RequestDraft {
  customer: { email?: string; name?: string; custom_id?: string };
  employee: { email?: string; custom_id?: string };
  channel?: string;
  brand?: string;
  tags?: string[];
  ext_interaction_id?: string;
  external_url?: string;
  language?: string;
  country?: string;
  custom_properties?: Record<string, string>;
  do_not_send?: boolean;
}

/** What the ids of an event resolved to through the helpdesk's API. */
export type LookupResult = { draft: RequestDraft } | { skip: string };

/** What an event asks for, read from its body alone (no network). */
export type EventReading =
  /** Not an event that makes a request (a ping, another status, a `when` that does not match): answered 202, logged as skipped. */
  | { action: 'skip'; eventType: string; reason: string; eventKey?: string }
  /**
   * A request: `eventKey` is the helpdesk's event or ticket id (a second event with it is a
   * redelivery and sends nothing). Either the draft is in the body, or `lookup` fetches what the
   * event only names by id (retried through the outbox while the helpdesk is down).
   */
  | { action: 'request'; eventType: string; eventKey: string; draft: RequestDraft }
  | { action: 'request'; eventType: string; eventKey: string; lookup: (client: HelpdeskClient) => Promise<LookupResult> };

/** A step of a connection's set-up, and text the admin pastes into the helpdesk. */
export interface SetupGuide {
  /** Plain sentences, in order. */
  steps: string[];
  snippets: { label: string; language: 'json' | 'text' | 'apex' | 'http'; text: string }[];
}

/** Who sets the secret a helpdesk signs (or authenticates) its requests with. */
export type SecretSource =
  /** The helpdesk makes it (Zendesk's webhook signing secret, Intercom's client secret): the admin copies it into the connection. */
  | 'helpdesk'
  /** We generate it and the admin pastes it into the helpdesk (a header, a named credential). */
  | 'ours'
  /** The helpdesk cannot send one: the unguessable URL is the only secret. */
  | 'none';

/** One helpdesk: how its events are verified and read, and how an admin sets it up. */
export interface HelpdeskAdapter {
  kind: ConnectionKind;
  /** The helpdesk's name as people write it (Zendesk, Freshdesk / Freshservice...). */
  label: string;
  secretSource: SecretSource;
  /** True when its events name ids only, so lookups need --api-base and credentials. */
  needsApi: boolean;
  /** Problems with the connection's settings (a mapping's unknown field, a missing api base), named by field; empty when fine. Checked when it is created. */
  validate(connection: Connection): string[];
  /** Null when the request is authentic (or the kind has no signature and no secret is set), else why not (answered 401, logged). */
  verify(connection: Connection, event: InboundEvent): string | null;
  read(connection: Connection, event: InboundEvent): EventReading;
  /** Headers that authenticate lookups against the helpdesk's API (e.g. Zendesk's `{email}/token:{token}` basic auth). */
  apiHeaders(connection: Connection): Record<string, string>;
  setup(connection: Connection, inboundUrl: string): SetupGuide;
  /** A sample event body for the "send a test event" button and dry runs, naming this person as the customer and the agent where the body carries them. */
  sample(person: { email: string; name: string }, connection?: Connection): unknown;
}
