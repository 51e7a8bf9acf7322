import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';
import { CONNECTION_KINDS } from './connection.types.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Kind = Type.Union(CONNECTION_KINDS.map((kind) => Type.Literal(kind)), { description: CONNECTION_KINDS.join(', ') });

/** A connection's settings, as POST creates and PATCH changes them. */
const SETTINGS = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  api_base: Type.Optional(Nullable(Type.String({ maxLength: 500, description: "The helpdesk's API base URL for lookups, e.g. https://acme.zendesk.com" }))),
  api_user: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  api_token: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  signing_secret: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'The secret the helpdesk signs with; generated when omitted where you choose it' }))),
  mapping: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'The generic connection\'s mapping: {"customer.email": "/pointer", "channel": {"const": "chat"}, "when": {"pointer": "/status", "equals": "closed"}}' }))),
  delay_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_080 }))),
  channel: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  brand: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'The brand (its name or display name) of requests whose event names none' }))),
  language: Type.Optional(Nullable(Type.String({ maxLength: 35, description: "One of the company's languages: the survey language of requests whose event names none the company has (default: the company's first language)" }))),
};

/** POST /app/api/connections (and `agent-connect connection add`). */
export const ConnectionCreate = named('AppConnectionCreate', Type.Object({ kind: Kind, ...SETTINGS }, { additionalProperties: false }));
export type ConnectionCreateIn = Static<typeof ConnectionCreate>;

/**
 * PATCH /app/api/connections/:id (and `connection update`): what changes. An omitted field keeps its
 * value, null (or "") clears it; a cleared signing secret is generated afresh where you choose it.
 * The kind and the inbound URL never change.
 */
export const ConnectionUpdate = named('AppConnectionUpdate', Type.Partial(Type.Object(SETTINGS, { additionalProperties: false })));
export type ConnectionUpdateIn = Static<typeof ConnectionUpdate>;

/** What `connection add` prints and POST answers: the URL and secret to paste into the helpdesk. */
export const ConnectionCreated = named('AppConnectionCreated', Type.Object(
  {
    id: Type.Integer(),
    kind: Kind,
    name: Type.String(),
    inbound_url: Type.String({ description: 'Absolute, under PUBLIC_URL; its id is unguessable' }),
    signing_secret: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
));
export type ConnectionCreatedOut = Static<typeof ConnectionCreated>;

export const ConnectionEventView = named('AppConnectionEvent', Type.Object(
  {
    id: Type.Integer(),
    event_key: Type.Union([Type.String(), Type.Null()]),
    event_type: Type.String(),
    status: Type.Union(['pending', 'created', 'skipped', 'refused', 'unauthorized', 'failed'].map((s) => Type.Literal(s))),
    detail: Type.Union([Type.String(), Type.Null()]),
    request_id: Type.Union([Type.String(), Type.Null()]),
    is_test: Type.Boolean(),
    retryable: Type.Boolean({ description: 'Refused or failed, with its body kept: POST …/events/{event_id}/retry processes it again' }),
    deliveries: Type.Integer({ description: 'Times the helpdesk sent it (redeliveries send nothing)' }),
    attempts: Type.Integer({ description: 'Lookups tried' }),
    received_at: Type.String({ format: 'date-time' }),
    last_received_at: Type.String({ format: 'date-time' }),
    processed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
));
export type ConnectionEventOut = Static<typeof ConnectionEventView>;

export const ConnectionView = named('AppConnection', Type.Object(
  {
    id: Type.Integer(),
    kind: Kind,
    label: Type.String({ description: "The helpdesk's name" }),
    name: Type.String(),
    inbound_url: Type.String(),
    api_base: Type.Union([Type.String(), Type.Null()]),
    api_user: Type.Union([Type.String(), Type.Null()]),
    has_api_token: Type.Boolean(),
    delay_minutes: Type.Union([Type.Integer(), Type.Null()]),
    channel: Type.Union([Type.String(), Type.Null()]),
    brand: Type.Union([Type.String(), Type.Null()], { description: 'The brand of requests whose event names none' }),
    language: Type.Union([Type.String(), Type.Null()], { description: 'The language of requests whose event names none the company has' }),
    created_at: Type.String({ format: 'date-time' }),
    last_event: Type.Union([ref(ConnectionEventView), Type.Null()]),
  },
  { additionalProperties: false },
));
export type ConnectionViewOut = Static<typeof ConnectionView>;

export const ConnectionList = named('AppConnectionList', Type.Object({ connections: Type.Array(ref(ConnectionView)) }, { additionalProperties: false }));

/** GET /app/api/connections/:id: the connection, how to set it up, a sample event and its last 50 events. */
export const ConnectionDetail = named('AppConnectionDetail', Type.Object(
  {
    connection: ref(ConnectionView),
    signing_secret: Type.Union([Type.String(), Type.Null()]),
    mapping: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    setup: Type.Object({
      steps: Type.Array(Type.String()),
      snippets: Type.Array(Type.Object({ label: Type.String(), language: Type.String(), text: Type.String() }, { additionalProperties: false })),
    }, { additionalProperties: false }),
    sample: Type.Unknown({ description: 'A sample event body naming you as the customer and agent' }),
    events: Type.Array(ref(ConnectionEventView)),
  },
  { additionalProperties: false },
));
export type ConnectionDetailOut = Static<typeof ConnectionDetail>;

export const ConnectionParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The connection id (from GET /app/api/connections)' }) });
export const ConnectionEventParams = Type.Object({ ...ConnectionParams.properties, event_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The event id (from its events)' }) });

/** POST /app/api/connections/:id/dry-run and /test-event: a pasted event body (test events default to the sample). */
export const ConnectionTry = named('AppConnectionTry', Type.Object({ body: Type.Optional(Type.Unknown()) }, { additionalProperties: false }));

/** What an event would become (dry run) or became (test event). */
export const ConnectionTryResult = named('AppConnectionTryResult', Type.Object(
  {
    outcome: Type.Union(['request', 'created', 'skipped', 'refused', 'pending', 'failed'].map((s) => Type.Literal(s))),
    event_type: Type.Union([Type.String(), Type.Null()]),
    event_key: Type.Union([Type.String(), Type.Null()]),
    request: Type.Union([Type.Record(Type.String(), Type.Unknown(), { description: 'The POST /v1/requests body it makes' }), Type.Null()]),
    request_id: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    errors: Type.Array(Type.String()),
  },
  { additionalProperties: false },
));
export type ConnectionTryResultOut = Static<typeof ConnectionTryResult>;
