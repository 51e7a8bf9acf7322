import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';

const Day = (description: string) =>
  Type.String({ minLength: 10, maxLength: 40, description: `${description}: an ISO 8601 date (2026-11-01) or date-time, read as the calendar day it falls on in the company's time zone` });

export const FunnelQuery = Type.Object(
  { from: Day('First day of the period'), to: Day('Last day of the period (inclusive); at most 3 years after from') },
  { additionalProperties: false },
);
export type FunnelQueryInput = Static<typeof FunnelQuery>;

const Step = Type.Object(
  {
    count: Type.Integer({ minimum: 0 }),
    percent: Type.Union([Type.Number(), Type.Null()], { description: 'Of delivered, one decimal; null when nothing was delivered' }),
  },
  { additionalProperties: false },
);

/** How far the customers of the period's surveys got. */
export const Funnel = named('AppSurveyFunnel', Type.Object(
  {
    from: Type.String({ description: 'First day (YYYY-MM-DD)' }),
    to: Type.String({ description: 'Last day (YYYY-MM-DD)' }),
    time_zone: Type.String(),
    delivered: Step,
    opened_or_clicked: Step,
    answered_follow_up: Step,
    finished: Step,
  },
  {
    additionalProperties: false,
    description:
      'First surveys (not service recoveries, no test data) sent in the period, within what you may see: delivered (sent), opened_or_clicked (a star rating, by a click in the email or on the page), answered_follow_up (any answer besides the star rating), finished (reached the closing screen). Counted from the raw rows, not the rollups.',
  },
));
export type FunnelView = Static<typeof Funnel>;
