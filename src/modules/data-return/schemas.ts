import { Type } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';
import type { DateParameter, FeedSpec } from '../../feeds/feed-query.ts';
import { feedQuerystring } from '../../feeds/query-schema.ts';

const NullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description });
const Timestamp = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: `${description} ISO 8601 UTC with milliseconds.` });
const Flag = Type.Boolean();
const StringEnum = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

/** Every request_delivery_status the server writes (requests, the email worker, the suppression and unsubscribe gate). */
export const DELIVERY_STATUSES = ['Pending', 'Sent', 'Do Not Send', 'Suppressed', 'Unsubscribed', 'Bounced', 'Failed'] as const;
const DeliveryStatus = (description: string) =>
  StringEnum(
    DELIVERY_STATUSES,
    `${description}: Pending (queued), Sent, Do Not Send (do_not_send was set), Suppressed (the address is on the suppression list), Unsubscribed (the customer unsubscribed), Bounced or Failed (the mail server refused it)`,
  );

export const SelectedOption = named('SelectedOption', Type.Object({
  option_id: Type.Integer({ description: 'System id of the option' }),
  option_text: Type.String({ description: "The option's English label" }),
  integer_value: Type.Union([Type.Integer(), Type.Null()], { description: 'Numeric value for rating/NPS options' }),
}, { description: 'An option the customer chose' }));

export const Answer = named('SurveyAnswer', Type.Object({
  question_id: Type.Integer({ description: 'System id of the question' }),
  question_text: Type.String({ description: 'The English template of the question' }),
  comment: NullableString("The customer's comment"),
  selected_options: Type.Record(Type.String(), ref(SelectedOption), { description: 'Selected options keyed by option id' }),
}, { description: "The customer's answer to one survey question" }));

const MarketingFlags = [
  'custom_link_eligible', 'custom_link_initiated', 'facebook_follow_eligible', 'facebook_follow_initiated',
  'facebook_share_eligible', 'facebook_share_initiated', 'twitter_follow_eligible', 'twitter_follow_initiated',
  'twitter_share_eligible', 'twitter_share_initiated',
] as const;

export const InteractionV2 = named('Interaction', Type.Object(
  {
    uuid: Type.String({ format: 'uuid', description: "The interaction's id (the request_id)" }),
    sequence_id: Type.Integer({ description: 'Paging cursor: pass the last one seen as `after`; grows on every update' }),
    parent_uuid: NullableString('The initial request of a service recovery'),
    is_recovery: Type.Boolean(),
    branding: Type.String({ description: 'Brand name' }),
    channel: Type.String(),
    ext_interaction_id: NullableString('Your id of the interaction'),
    external_url: NullableString('Link back to the ticket'),
    language: Type.String(),
    survey_id: Type.Integer({ enum: [1, 2], description: '1 for feedback, 2 for service recovery' }),
    survey_name: StringEnum(['Feedback', 'Service Recovery'], 'Feedback (survey_id 1) or Service Recovery (survey_id 2)'),
    tags: Type.Array(Type.String()),
    request_created_at: Type.String({ format: 'date-time', description: 'When the request was received. ISO 8601 UTC with milliseconds.' }),
    request_delivery_status: DeliveryStatus('Where the survey email is'),
    request_sent_at: Timestamp('When the survey was sent.'),
    requested_via: StringEnum(['API'], 'How the request was made: API (POST /v1/requests, /v1/recoveries or a batch)'),
    response_received_at: Timestamp('First survey response.'),
    reward_eligible: Type.Boolean(),
    reward_name: NullableString('Reward chosen by the customer'),
    marketing: Type.Object(Object.fromEntries(MarketingFlags.map((flag) => [flag, Flag])) as Record<(typeof MarketingFlags)[number], typeof Flag>),
    employee: Type.Object({
      custom_id: NullableString('Your id of the employee'),
      email: NullableString('Email of the employee'),
      first_name: NullableString('First name'),
      last_name: NullableString('Last name'),
    }),
    team_leader: Type.Object({ custom_id: NullableString('Your id of the team leader'), full_name: NullableString('Full name') }),
    customer: Type.Object({ custom_id: NullableString('Your id of the customer'), email: NullableString('Email'), full_name: NullableString('Name') }),
    custom_properties: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'Custom properties sent with the request' }),
    answers: Type.Record(Type.String(), ref(Answer), { description: 'Answers keyed by question identifier (agent_star_rating, nps, fcr, ...)' }),
  },
  { description: 'An interaction (feedback request or service recovery) with its survey answers' },
));

const EmployeeRef = Type.Object({ email: NullableString('Email of the employee'), custom_id: NullableString('Your id of the employee') }, { description: 'The employee the survey was sent for' });

export const RequestV1 = named('FeedbackRequestV1', Type.Object(
  {
    request_id: Type.String({ format: 'uuid' }),
    sequence_id: Type.Integer({ description: 'Paging cursor for `after`' }),
    ext_interaction_id: NullableString('Your id of the interaction'),
    external_url: NullableString('Link back to the ticket'),
    channel: Type.String(),
    brand: Type.String(),
    employee: EmployeeRef,
    customer: Type.Object({ email: NullableString('Email'), name: NullableString('Name'), custom_id: NullableString('Your id of the customer') }),
    tags: Type.Array(Type.String()),
    created_at: Type.String({ format: 'date-time', description: 'When the request was received. ISO 8601 UTC with milliseconds.' }),
    sent_at: Timestamp('When the survey was sent.'),
    delivery_status: DeliveryStatus('Where the survey email is'),
  },
  { description: 'A feedback request (v1 data return)' },
));

export const ResponseV1 = named('SurveyResponseV1', Type.Object(
  {
    request_id: Type.String({ format: 'uuid' }),
    sequence_id: Type.Integer({ description: 'Paging cursor for `after`' }),
    ext_interaction_id: NullableString('Your id of the interaction'),
    employee: EmployeeRef,
    customer: Type.Object({ email: NullableString('Email of the customer') }),
    star_rating: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
    nps: Type.Union([Type.Integer({ minimum: 0, maximum: 10 }), Type.Null()]),
    fcr: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether the issue was resolved' }),
    areas_of_excellence: Type.Array(Type.String()),
    areas_of_improvement: Type.Array(Type.String()),
    comment: NullableString('Comment left with the star rating'),
    responded_at: Timestamp('First survey response.'),
  },
  { description: 'A survey response (v1 data return)' },
));

export const RequestsEnvelope = named('FeedbackRequestV1Page', Type.Object({ requests: Type.Array(ref(RequestV1)) }, { description: 'A page of feedback requests, ascending by sequence_id' }));
export const ResponsesEnvelope = named('SurveyResponseV1Page', Type.Object({ responses: Type.Array(ref(ResponseV1)) }, { description: 'A page of survey responses, ascending by sequence_id' }));

/** A date-time parameter of an interactions feed, with how it reads in the documentation. */
const date = <F extends string>(name: string, field: F, bound: 'gte' | 'lte', description: string): DateParameter<F> => ({
  name,
  field,
  bound,
  description: `${description} ISO 8601, e.g. 2019-12-20T00:00:00-05:00 (UTC when no offset is given).`,
});

/** The interactions feeds: 1,000 records a page by default, at most 10,000 unless streamed. */
const PAGES = { maxLimit: 10_000, defaultLimit: 1000, paging: 'integer' } as const;

export const V2DataFeed: FeedSpec<'created_at' | 'responded_at'> = {
  ...PAGES,
  stream: 'Stream the array as it is read (no 10,000 limit)',
  dates: [
    date('created_at_gte', 'created_at', 'gte', 'Interactions created at or after this time.'),
    date('created_at_lte', 'created_at', 'lte', 'Interactions created at or before this time.'),
    date('responded_at_gte', 'responded_at', 'gte', 'Interactions first responded to at or after this time (only interactions with a response).'),
    date('responded_at_lte', 'responded_at', 'lte', 'Interactions first responded to at or before this time (only interactions with a response).'),
  ],
};

export const V1RequestsFeed: FeedSpec<'created_at'> = {
  ...PAGES,
  stream: 'Stream the envelope as it is read',
  dates: [date('start_date', 'created_at', 'gte', 'Requests created at or after this time.'), date('end_date', 'created_at', 'lte', 'Requests created at or before this time.')],
};

export const V1ResponsesFeed: FeedSpec<'responded_at'> = {
  ...PAGES,
  stream: 'Stream the envelope as it is read',
  dates: [date('start_date', 'responded_at', 'gte', 'Responses received at or after this time.'), date('end_date', 'responded_at', 'lte', 'Responses received at or before this time.')],
};

export const V2DataQuery = feedQuerystring(V2DataFeed, {
  include_recovery: Type.Optional(Type.Boolean({ default: false, description: 'Include service recovery interactions' })),
});
export const V1RequestsQuery = feedQuerystring(V1RequestsFeed);
export const V1ResponsesQuery = feedQuerystring(V1ResponsesFeed);
