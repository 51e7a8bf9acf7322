import { Type } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';
import { WEBHOOK_EVENTS } from './webhook-events.ts';

const Timestamp = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });
const EventName = Type.String({ enum: [...WEBHOOK_EVENTS], description: 'An event type' });

const endpointFields = {
  id: Type.Integer({ description: 'The id of the endpoint' }),
  url: Type.String({ description: 'Where events are POSTed' }),
  events: Type.Array(EventName, { description: 'The events sent to it' }),
  enabled: Type.Boolean({ description: 'Whether events are sent to it' }),
  disabled_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why the server disabled it (deliveries failing for days), null otherwise' }),
  failing_since: Timestamp('Since when its deliveries fail, null while they succeed'),
  created_at: Type.String({ format: 'date-time', description: 'When it was registered' }),
};

export const Endpoint = named('WebhookEndpoint', Type.Object(endpointFields, { additionalProperties: false, description: 'A webhook endpoint' }));

export const CreatedEndpoint = named(
  'CreatedWebhookEndpoint',
  Type.Object(
    { ...endpointFields, secret: Type.String({ description: 'Standard Webhooks signing secret (whsec_...), shown once: verify each delivery with it' }) },
    { additionalProperties: false, description: 'A webhook endpoint just registered, with its signing secret' },
  ),
);

export const CreateEndpointBody = named(
  'WebhookEndpointInput',
  Type.Object(
    {
      url: Type.String({ description: 'http(s) URL that receives POSTed events' }),
      events: Type.Array(EventName, { minItems: 1, description: 'The events to send' }),
    },
    { additionalProperties: false, description: 'A webhook endpoint to register', examples: [{ url: 'https://example.com/hooks/agent-connect', events: ['response.created', 'survey.finished'] }] },
  ),
);

export const UpdateEndpointBody = named(
  'WebhookEndpointUpdate',
  Type.Object({ enabled: Type.Boolean({ description: 'Send events (true) or stop (false); enabling clears disabled_reason' }) }, { additionalProperties: false, description: 'The new state of an endpoint' }),
);

/** Ids are 64-bit in the database; larger numbers would fail there instead of here. */
export const EndpointParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The id of the endpoint' }) });
export const DeliveriesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Deliveries per page, newest first (default 100)' })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Only deliveries with a smaller id: the id of the last delivery of the previous page' })),
});

export const Delivery = named(
  'WebhookDelivery',
  Type.Object(
    {
      id: Type.Integer({ description: 'The id of the delivery' }),
      message_id: Type.String({ description: 'The webhook-id header of the POST (the same on every retry)' }),
      event_type: EventName,
      status: Type.String({ enum: ['pending', 'delivered', 'failed', 'skipped'], description: 'pending (will be retried), delivered, failed or skipped' }),
      attempts: Type.Integer({ description: 'POSTs made so far' }),
      response_status: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the last attempt, null when it got none' }),
      last_error: Type.Union([Type.String(), Type.Null()], { description: 'Why the last attempt failed' }),
      created_at: Timestamp('When the event happened'),
      last_attempt_at: Timestamp('When it was last POSTed'),
      delivered_at: Timestamp('When an attempt succeeded'),
    },
    { additionalProperties: false, description: 'One event sent (or to be sent) to an endpoint' },
  ),
);
