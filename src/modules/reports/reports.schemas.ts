import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';

/*
 * Reports: the metrics of a period by up to two slices, for the public API
 * (GET /v2/reports/metrics, JSON or CSV) and the web app (scoped to the viewer). The web app
 * takes its types from here. Figures are derived in counters.ts (`figures`): one definition each.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

/** Repeated query parameters (`?channel=chat&channel=email`); one value is accepted as a list of one. */
const Many = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) =>
  Type.Optional(Type.Array(item, { maxItems: 100, description }));

export const SLICE_NAMES = ['employee', 'team', 'group', 'channel', 'brand', 'tag'] as const;
export const TIME_BUCKETS = ['day', 'week', 'month'] as const;
export type SliceName = (typeof SLICE_NAMES)[number];
export type TimeBucket = (typeof TIME_BUCKETS)[number];
export type GroupBy = SliceName | TimeBucket;

const DateOrDateTime = (description: string) =>
  Type.String({ minLength: 10, maxLength: 40, description: `${description}: an ISO 8601 date (2026-11-01) or date-time (2026-11-01T00:00:00-05:00), read as the calendar day it falls on in the company's time zone` });

/** The filters every report takes (each multi-valued), and the period. */
export const ReportFilterQuery = Type.Object(
  {
    from: DateOrDateTime('First day of the period'),
    to: DateOrDateTime('Last day of the period (inclusive); at most 3 years after from'),
    employee: Many(Type.Integer({ minimum: 1 }), 'Only these employees (ids)'),
    team: Many(Type.Integer({ minimum: 1 }), 'Only the teams of these team leaders (employee ids)'),
    group: Many(Type.String({ minLength: 1, maxLength: 200 }), 'Only members of these groups (names)'),
    channel: Many(Type.String({ minLength: 1, maxLength: 100 }), 'Only these channels'),
    brand: Many(Type.String({ minLength: 1, maxLength: 200 }), 'Only these brands (names, as in requests)'),
    tag: Many(Type.String({ minLength: 1, maxLength: 200 }), 'Only interactions with any of these tags'),
  },
  { additionalProperties: false },
);

export const ReportQuery = Type.Composite([
  ReportFilterQuery,
  Type.Object({
    group_by: Type.Optional(Type.String({
      maxLength: 40,
      description: `Up to two slices, comma-separated: ${[...SLICE_NAMES, ...TIME_BUCKETS].join(', ')} (at most one time bucket). Weeks start on Monday (ISO); days, weeks and months are in the company's time_zone.`,
    })),
    compare: Type.Optional(Type.Literal('previous', { description: 'Also report the previous period of the same number of days' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: the rows as CSV (the same as Accept: text/csv), for a download link' })),
  }),
], { additionalProperties: false });
export type ReportQueryInput = Static<typeof ReportQuery>;

const Person = Type.Object(
  { id: Type.Integer(), custom_id: Nullable(Type.String()), email: Type.String(), name: Type.String() },
  { additionalProperties: false },
);

export const ReportKey = Type.Object(
  {
    employee: Type.Optional(Person),
    team: Type.Optional(Type.Object({ leader: Person }, { additionalProperties: false, description: 'The team of this team leader' })),
    group: Type.Optional(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false })),
    channel: Type.Optional(Type.String()),
    brand: Type.Optional(Type.Object({ id: Type.Integer(), name: Type.String(), display_name: Type.String() }, { additionalProperties: false })),
    tag: Type.Optional(Type.String()),
    day: Type.Optional(Type.String({ format: 'date' })),
    week: Type.Optional(Type.String({ format: 'date', description: 'The Monday the week starts on' })),
    month: Type.Optional(Type.String({ format: 'date', description: 'The first day of the month' })),
  },
  { additionalProperties: false, description: 'The slice values of a row: one property per group_by slice' },
);

const Pct = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 100 }), `${description}; 0-100, 1 decimal; null when there is nothing to divide by`);
const Count = (description: string) => Type.Integer({ minimum: 0, description });
const EmployeeOnly = (description: string) => Nullable(Type.Number({ minimum: 0 }), `${description}; null in a channel, brand or tag slice or filter (QA and coaching have none)`);

/** The metrics of a set of responses, reviews and sessions (counters.ts `figures`). */
export const Figures = Type.Object({
  responses: Count('First surveys answered in the period (by when they were answered)'),
  requests_delivered: Count('First surveys sent in the period (by when they were sent)'),
  response_rate: Nullable(Type.Number({ minimum: 0 }), 'responses / requests_delivered in %, 1 decimal (responses to surveys sent before the period count too)'),
  star_ratings: Count('Responses with an agent star rating'),
  star_rating_avg: Nullable(Type.Number({ minimum: 1, maximum: 5 }), 'Mean agent star rating, 2 decimals'),
  five_star_pct: Pct('% of star ratings that are 5'),
  positive_pct: Pct('% of star ratings that are 4 or 5 (CSAT)'),
  negative_pct: Pct('% of star ratings that are 1 to 3'),
  stars_1: Count('Star ratings of 1'),
  stars_2: Count('Star ratings of 2'),
  stars_3: Count('Star ratings of 3'),
  stars_4: Count('Star ratings of 4'),
  stars_5: Count('Star ratings of 5'),
  nps: Nullable(Type.Number({ minimum: -100, maximum: 100 }), '% promoters (9-10) minus % detractors (0-6) among NPS answers, 1 decimal'),
  nps_responses: Count('NPS answers'),
  fcr_pct: Pct('% of FCR answers that are "resolved: yes"'),
  fcr_responses: Count('FCR answers'),
  qa_score_avg: EmployeeOnly('Mean score of completed QA reviews that count toward score (by completion), in %, 1 decimal'),
  qa_reviews: EmployeeOnly('Completed QA reviews that count toward score'),
  coaching_sessions: EmployeeOnly('Coaching sessions created in the period'),
  recoveries_sent: Count('Service recovery surveys sent'),
  recoveries_answered: Count('Service recovery surveys answered'),
  recoveries_rated: Count('Answered recoveries with a star rating whose first survey has one'),
  recovery_star_before_avg: Nullable(Type.Number(), 'Mean first-survey star rating of those recoveries, 2 decimals'),
  recovery_star_after_avg: Nullable(Type.Number(), 'Mean recovery star rating of those recoveries, 2 decimals'),
  recoveries_improved: Count('Of those, recoveries rated higher than their first survey'),
}, { additionalProperties: false });
export type FiguresOut = Static<typeof Figures>;

export const ReportRow = Type.Composite([Type.Object({ key: ReportKey }), Figures], { additionalProperties: false });

const Period = {
  from: Type.String({ format: 'date', description: 'First day of the period' }),
  to: Type.String({ format: 'date', description: 'Last day of the period (inclusive)' }),
};

export const MetricsReport = named('MetricsReport', Type.Object(
  {
    ...Period,
    time_zone: Type.String({ description: "The company's time zone the days are in" }),
    group_by: Type.Array(Type.Union([...SLICE_NAMES, ...TIME_BUCKETS].map((name) => Type.Literal(name)))),
    rows: Type.Array(ReportRow, { description: 'One row per combination of slice values that has figures, ordered by time, then by name' }),
    total: Figures,
    previous: Type.Optional(Type.Object(
      { ...Period, rows: Type.Array(ReportRow), total: Figures },
      { additionalProperties: false, description: 'With compare=previous: the same report for the period of the same length just before' },
    )),
  },
  { additionalProperties: false, description: 'Metrics of a period, by up to two slices' },
));
export type MetricsReportView = Static<typeof MetricsReport>;

// The web app's reports (scoped to the viewer).

/** Averages to compare one's figures with: the viewer's team (their primary team leader's, or their own as a leader) and the company. */
export const AveragesQuery = Type.Object(
  {
    from: DateOrDateTime('First day of the period'),
    to: DateOrDateTime('Last day of the period (inclusive)'),
    channel: Many(Type.String({ minLength: 1, maxLength: 100 }), 'Only these channels'),
  },
  { additionalProperties: false },
);
export const Averages = named('AppReportAverages', Type.Object(
  {
    ...Period,
    team: Nullable(Type.Object({ leader: Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false }), total: Figures }, { additionalProperties: false }), 'Null for someone without a team'),
    company: Figures,
  },
  { additionalProperties: false, description: 'Team and company figures of a period (aggregates only: shown to everyone signed in)' },
));
export type AveragesView = Static<typeof Averages>;

export const LEADERBOARD_METRICS = ['star_rating_avg', 'five_star_pct', 'positive_pct', 'fcr_pct', 'nps'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

export const LeaderboardQuery = Type.Object(
  {
    metric: Type.Union(LEADERBOARD_METRICS.map((m) => Type.Literal(m)), { description: 'The figure agents are ranked by' }),
    from: DateOrDateTime('First day of the period'),
    to: DateOrDateTime('Last day of the period (inclusive)'),
    team: Many(Type.Integer({ minimum: 1 }), 'Only the teams of these team leaders'),
    group: Many(Type.String({ minLength: 1, maxLength: 200 }), 'Only members of these groups'),
    channel: Many(Type.String({ minLength: 1, maxLength: 100 }), 'Only these channels'),
    min_responses: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 5, description: 'Fewer responses (answers to the metric for NPS and FCR) than this: listed as not ranked' })),
  },
  { additionalProperties: false },
);
export type LeaderboardQueryInput = Static<typeof LeaderboardQuery>;

const LeaderboardEntry = Type.Object(
  {
    rank: Nullable(Type.Integer({ minimum: 1 }), 'Equal values share a rank (1, 2, 2, 4); null when not ranked'),
    employee: Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false }),
    value: Nullable(Type.Number()),
    responses: Type.Integer({ description: 'The answers the value is computed from' }),
  },
  { additionalProperties: false },
);
export const Leaderboard = named('AppLeaderboard', Type.Object(
  {
    ...Period,
    metric: Type.Union(LEADERBOARD_METRICS.map((m) => Type.Literal(m))),
    min_responses: Type.Integer(),
    ranked: Type.Array(LeaderboardEntry, { description: 'Best first' }),
    unranked: Type.Array(LeaderboardEntry, { description: 'Agents below min_responses, by name' }),
  },
  { additionalProperties: false, description: "Agents ranked by a metric: the viewer's scope, or an agent's own team(s)" },
));
export type LeaderboardView = Static<typeof Leaderboard>;

export const ReportOptions = named('AppReportOptions', Type.Object(
  {
    time_zone: Type.String(),
    employees: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() }, { additionalProperties: false }), { description: 'Employees you may report on' }),
    teams: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false }), { description: 'Team leaders whose teams you may report on' }),
    groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false })),
    channels: Type.Array(Type.String()),
    brands: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), display_name: Type.String() }, { additionalProperties: false })),
    tags: Type.Array(Type.String(), { description: 'Tags seen on interactions' }),
  },
  { additionalProperties: false, description: 'The choices of the report filters, within your scope' },
));
export type ReportOptionsView = Static<typeof ReportOptions>;
