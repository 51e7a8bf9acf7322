import { Type, type Static } from '@sinclair/typebox';
import { ValidationErrors } from '../../plugins/error-schemas.ts';

const NullableString = (description?: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], description });

export const EmployeeReference = Type.Object(
  {
    email: Type.Optional(NullableString('Email of the employee the survey is sent on behalf of')),
    custom_id: Type.Optional(NullableString('Custom id of the employee; email or custom_id is required')),
  },
  { additionalProperties: false },
);

const Customer = Type.Object(
  {
    email: Type.String({ format: 'email', description: 'Email address of the customer (required)' }),
    name: Type.Optional(NullableString('Name of the customer, used in the survey header')),
    custom_id: Type.Optional(NullableString('Your identifier for the customer')),
  },
  { additionalProperties: false },
);

const Tags = Type.Array(Type.String(), { maxItems: 20, description: 'Up to 20 tags; values over 2,000 characters are truncated' });
const CustomProperties = Type.Unsafe<Record<string, string> | null>({
  type: ['object', 'null'],
  additionalProperties: { type: 'string' },
  description: 'Flat key/value pairs of strings; values over 2,000 characters are truncated',
});

export const FeedbackRequestBody = Type.Object(
  {
    customer: Customer,
    employee: EmployeeReference,
    channel: Type.String({ description: "One of the company's channels (default phone, chat, email)" }),
    ext_interaction_id: Type.Optional(NullableString('Identifier of the interaction in your system')),
    external_url: Type.Optional(NullableString('http(s) link back to the ticket')),
    tags: Type.Optional(Tags),
    do_not_send: Type.Optional(Type.Boolean({ description: 'Store the interaction without sending a survey' })),
    language: Type.Optional(NullableString('Language tag such as en or en-US; required when the company has several')),
    country: Type.Optional(NullableString('ISO 3166-1 alpha-2 country of the customer')),
    brand: Type.Optional(NullableString('Brand name; required when the company has several brands')),
    custom_properties: Type.Optional(CustomProperties),
  },
  {
    additionalProperties: false,
    examples: [
      {
        customer: { custom_id: 'simone123', name: 'Simone', email: 'simone@example.com' },
        employee: { custom_id: '6598260', email: 'samantha@blancapeak.com' },
        channel: 'chat',
        ext_interaction_id: '49288523',
        external_url: 'https://blancapeak.your-source-system.com/cases/49288523',
        tags: ['tags'],
        do_not_send: true,
        language: 'en',
        country: 'us',
        brand: 'blancakids',
        custom_properties: { issue_type: 'Order Change Request', order_id: '100928810' },
      },
    ],
  },
);

export const RecoveryRequestBody = Type.Object(
  {
    initial_feedback_request_id: Type.Optional(NullableString('request_id of the feedback request being recovered')),
    ext_interaction_id: Type.Optional(NullableString('Used to find the initial request when its id is not given')),
    employee: Type.Optional(EmployeeReference),
    external_url: Type.Optional(NullableString('http(s) link back to the ticket')),
    tags: Type.Optional(Tags),
    do_not_send: Type.Optional(Type.Boolean()),
    custom_properties: Type.Optional(CustomProperties),
  },
  {
    additionalProperties: false,
    examples: [
      {
        do_not_send: true,
        tags: ['tags'],
        employee: { custom_id: '6598260', email: 'samantha@blancapeak.com' },
        initial_feedback_request_id: '54bd2af9-28cb-48df-8c60-cd27de080cd4',
        ext_interaction_id: '64664523',
        external_url: 'https://blancapeak.your-source-system.com/cases/64664523',
      },
    ],
  },
);

export const RequestCreated = Type.Object(
  { request_id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false, examples: [{ request_id: '54bd2af9-28cb-48df-8c60-cd27de080cd4' }] },
);

export type FeedbackRequest = Static<typeof FeedbackRequestBody>;
export type RecoveryRequest = Static<typeof RecoveryRequestBody>;
export type EmployeeRef = Static<typeof EmployeeReference>;

export const BatchRequestBody = Type.Object(
  {
    requests: Type.Array(Type.Unknown({ description: 'A feedback request body, as for POST /v1/requests' }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const BatchResult = Type.Object(
  {
    results: Type.Array(
      Type.Union([RequestCreated, ValidationErrors], { description: 'In input order: the request_id, or why that request was refused' }),
    ),
  },
  { additionalProperties: false },
);
