import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';

/*
 * The web app's Stream: response cards newest first, their summary over a period, the filter
 * choices, and one response's page. The web app takes its types from here (Static<typeof ...>).
 */

const DateTime = (description: string) => Type.String({ format: 'date-time', description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

/** Repeated query parameters (`?channel=chat&channel=email`); one value is accepted as a list of one. */
const Many = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) =>
  Type.Optional(Type.Array(item, { maxItems: 100, description }));

/** The Stream's filters, shared by the cards, the summary and the live events. Everything is optional. */
export const StreamFilterQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Responses answered at or after this time (ISO 8601); default 30 days ago' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Responses answered at or before this time (ISO 8601); default now' })),
    channel: Many(Type.String({ minLength: 1, maxLength: 100 }), 'Only these channels (email, chat, phone, ...)'),
    brand: Many(Type.Integer({ minimum: 1 }), 'Only these brand ids'),
    stars: Many(Type.Integer({ minimum: 1, maximum: 5 }), 'Only responses with these star ratings'),
    comment: Type.Optional(Type.Boolean({ description: 'true: only responses with a comment' })),
    agent: Many(Type.Integer({ minimum: 1 }), 'Only these employees (ids); outside your scope: 403'),
    team: Many(Type.Integer({ minimum: 1 }), "Only the teams of these team leaders (employee ids): their team members' responses; outside your scope: 403"),
    group: Many(Type.Integer({ minimum: 1 }), "Only members of these groups (group ids), among the responses you may see; not a group of your company: 403"),
    tag: Many(Type.String({ minLength: 1, maxLength: 2000 }), 'Only interactions having any of these tags (exact, case-sensitive)'),
    recovery: Type.Optional(Type.Boolean({ description: 'false: only first surveys; true: only service-recovery surveys; absent: both' })),
  },
  { additionalProperties: false },
);
export type StreamFilter = Static<typeof StreamFilterQuery>;

export const StreamPageQuery = Type.Composite([
  StreamFilterQuery,
  Type.Object({
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Cursor: cards with a sequence_id below this one (next_before of the previous page)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'Cards per page' })),
  }),
], { additionalProperties: false });

const Person = Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() }, { additionalProperties: false });

/** A recovery, seen from its first survey, or the first survey, seen from its recovery. */
const LinkedSurvey = Type.Object(
  {
    request_id: Type.String({ description: 'Its request id (uuid)' }),
    star_rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
    responded_at: Nullable(DateTime('When it was answered')),
  },
  { additionalProperties: false },
);

export const StreamCard = named('AppStreamCard', Type.Object(
  {
    request_id: Type.String({ description: 'The feedback request id (uuid); its page is /feedback/<request_id>' }),
    sequence_id: Type.Integer({ description: 'Change-feed position; cards are ordered by it, newest first' }),
    created_at: DateTime('When the request was made'),
    responded_at: DateTime('When the customer answered (last answer)'),
    is_recovery: Type.Boolean({ description: 'A service-recovery survey (first_survey then holds the survey it recovers)' }),
    agent: Person,
    customer: Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()) }, { additionalProperties: false }),
    channel: Type.String(),
    brand: Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false }),
    tags: Type.Array(Type.String()),
    custom_properties: Type.Record(Type.String(), Type.String()),
    external_url: Nullable(Type.String(), 'The ticket in the helpdesk'),
    star_rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
    nps: Nullable(Type.Integer({ minimum: 0, maximum: 10 })),
    resolved: Nullable(Type.Boolean(), 'First-contact resolution: was the issue resolved'),
    areas_of_excellence: Type.Array(Type.String()),
    areas_of_improvement: Type.Array(Type.String()),
    reward: Nullable(Type.String()),
    comments: Type.Array(
      Type.Object({ question: Type.String({ description: 'The question key the comment was left with' }), text: Type.String() }, { additionalProperties: false }),
    ),
    first_survey: Nullable(LinkedSurvey, 'For a recovery: the first survey it follows'),
    recovery: Nullable(LinkedSurvey, 'For a first survey: its service recovery, if one was sent'),
  },
  { additionalProperties: false, description: "One customer's response, as the Stream shows it" },
));
export type StreamCardView = Static<typeof StreamCard>;

export const StreamPage = named('AppStreamPage', Type.Object(
  {
    cards: Type.Array(StreamCard),
    next_before: Nullable(Type.Integer(), 'Pass as before for the next (older) page; null at the end'),
  },
  { additionalProperties: false },
));
export type StreamPageView = Static<typeof StreamPage>;

const Tally = Type.Array(Type.Object({ label: Type.String(), count: Type.Integer() }, { additionalProperties: false }), {
  description: 'Most chosen first, at most 5',
});

export const StreamSummary = named('AppStreamSummary', Type.Object(
  {
    from: DateTime('Start of the period'),
    to: DateTime('End of the period'),
    responses: Type.Integer({ description: 'Responses answered in the period' }),
    star_rating_avg: Nullable(Type.Number(), 'Mean star rating, 2 decimals'),
    positive_pct: Nullable(Type.Number(), '% of star ratings that are 4 or 5 (CSAT), 1 decimal'),
    nps: Nullable(Type.Number(), '% promoters (9-10) minus % detractors (0-6), 1 decimal'),
    nps_responses: Type.Integer(),
    resolved_pct: Nullable(Type.Number(), '% of FCR answers that are yes, 1 decimal'),
    fcr_responses: Type.Integer(),
    stars: Type.Object(
      { 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() },
      { additionalProperties: false, description: 'How many responses gave each star rating' },
    ),
    areas_of_excellence: Tally,
    areas_of_improvement: Tally,
  },
  { additionalProperties: false, description: 'The Stream filters applied to a period: its responses in figures' },
));
export type StreamSummaryView = Static<typeof StreamSummary>;

export const StreamOptions = named('AppStreamOptions', Type.Object(
  {
    channels: Type.Array(Type.String(), { description: "The company's channels seen in interactions" }),
    brands: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false })),
    agents: Type.Array(Person, { description: 'Employees whose feedback you see (empty for a team member: only their own)' }),
    teams: Type.Array(Person, { description: 'Team leaders whose teams you may filter by (empty for a team member)' }),
  },
  { additionalProperties: false, description: 'The choices of the Stream filters, within your scope' },
));
export type StreamOptionsView = Static<typeof StreamOptions>;

export const FeedbackParams = Type.Object({
  requestId: Type.String({ minLength: 1, maxLength: 64, description: 'The request id (uuid) of the response' }),
});
