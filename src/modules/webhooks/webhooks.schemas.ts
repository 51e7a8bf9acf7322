import { Type } from '@sinclair/typebox';
import { WEBHOOK_EVENTS } from './webhook-events.ts';

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const Endpoint = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  failing_since: Timestamp,
  created_at: Type.String({ format: 'date-time' }),
});

export const CreatedEndpoint = Type.Intersect([Endpoint, Type.Object({ secret: Type.String({ description: 'Standard Webhooks signing secret, shown once' }) })]);

export const CreateEndpointBody = Type.Object(
  {
    url: Type.String({ description: 'http(s) URL that receives POSTed events' }),
    events: Type.Array(Type.String({ enum: [...WEBHOOK_EVENTS] }), { minItems: 1 }),
  },
  { additionalProperties: false, examples: [{ url: 'https://example.com/hooks/agent-connect', events: ['response.created', 'survey.finished'] }] },
);

export const UpdateEndpointBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
/** Ids are 64-bit in the database; larger numbers would fail there instead of here. */
export const EndpointParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const DeliveriesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Only deliveries with a smaller id (paging backwards)' })),
});

export const Delivery = Type.Object({
  id: Type.Integer(),
  message_id: Type.String(),
  event_type: Type.String(),
  status: Type.String({ description: 'pending (will be retried), delivered, failed or skipped' }),
  attempts: Type.Integer(),
  response_status: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
  last_attempt_at: Timestamp,
  delivered_at: Timestamp,
});
