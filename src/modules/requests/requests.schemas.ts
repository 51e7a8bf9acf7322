import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ValidationErrors } from '../../plugins/error-schemas.ts';
import { named, ref } from '../../plugins/named-schemas.ts';

const NullableString = (description?: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], description });

/** The employee by email or custom id: at least one of them must be a string. */
export const EmployeeReference = named(
  'EmployeeReference',
  Type.Object(
    {
      email: Type.Optional(NullableString('Email of the employee the survey is sent on behalf of')),
      custom_id: Type.Optional(NullableString('Custom id of the employee; used when email is absent or matches no employee')),
    },
    {
      additionalProperties: false,
      description: 'The employee, by email or custom_id (at least one is required); they must exist and be active',
      // allOf around the anyOf: generators then intersect it with the properties rather than offer it as an alternative.
      allOf: [{ anyOf: [{ required: ['email'], properties: { email: { type: 'string' } } }, { required: ['custom_id'], properties: { custom_id: { type: 'string' } } }] }],
    },
  ),
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

/** The published collection's example request (its seed body). */
export const FEEDBACK_REQUEST_EXAMPLE = {
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
};

export const FeedbackRequestBody = named('FeedbackRequestInput', Type.Object(
  {
    customer: Customer,
    employee: ref(EmployeeReference),
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
    examples: [FEEDBACK_REQUEST_EXAMPLE],
    description: 'A feedback request: the customer to survey and the employee who helped them',
  },
));

export const RecoveryRequestBody = named('RecoveryRequestInput', Type.Object(
  {
    initial_feedback_request_id: Type.Optional(NullableString('request_id of the feedback request being recovered')),
    ext_interaction_id: Type.Optional(NullableString('Used to find the initial request when its id is not given')),
    employee: Type.Optional(ref(EmployeeReference)),
    external_url: Type.Optional(NullableString('http(s) link back to the ticket')),
    tags: Type.Optional(Tags),
    do_not_send: Type.Optional(Type.Boolean({ description: 'Store the recovery without sending a survey' })),
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
    description: 'A service recovery request: the initial feedback request (by request_id or ext_interaction_id), and optionally another employee',
  },
));

export const RequestCreated = named(
  'RequestCreated',
  Type.Object(
    { request_id: Type.String({ format: 'uuid', description: 'The id of the interaction: the uuid of its record in the data-return feeds' }) },
    { additionalProperties: false, description: 'The request was stored', examples: [{ request_id: '54bd2af9-28cb-48df-8c60-cd27de080cd4' }] },
  ),
);

export type FeedbackRequest = Static<typeof FeedbackRequestBody>;
export type RecoveryRequest = Static<typeof RecoveryRequestBody>;
export type EmployeeRef = Static<typeof EmployeeReference>;

const batchOf = <T extends TSchema>(item: T) =>
  Type.Object(
    { requests: Type.Array(item, { minItems: 1, maxItems: 1000, description: 'Feedback requests, each as the body of POST /v1/requests' }) },
    { additionalProperties: false, description: 'Up to 1,000 feedback requests' },
  );

/** The body of POST /v1/requests/batch, as documented. */
export const BatchRequestBody = named('FeedbackRequestBatchInput', batchOf(ref(FeedbackRequestBody)));

/** What the route itself validates: each item is validated on its own (a bad item does not refuse the batch). */
export const BatchEnvelope = batchOf(Type.Unknown());

export const BatchResult = named(
  'FeedbackRequestBatchResult',
  Type.Object(
    {
      results: Type.Array(Type.Union([ref(RequestCreated), ref(ValidationErrors)]), { description: 'One per request, in input order: its request_id, or why that request was refused' }),
    },
    { additionalProperties: false, description: 'The outcome of each request of a batch' },
  ),
);
