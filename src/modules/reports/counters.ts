/**
 * The rollups' counters and the figures derived from them: the one definition of every metric.
 * Every counter is an integer sum, so adding and subtracting contributions is exact and a rollup
 * equals the same counters recomputed from raw rows, whatever the order of the changes.
 */

export const COUNTER_NAMES = [
  /** First surveys answered (response_received_at in the bucket). */
  'responses',
  /** First surveys sent (sent_at in the bucket). */
  'delivered',
  /** Star ratings of answered first surveys, by value. */
  'star_1', 'star_2', 'star_3', 'star_4', 'star_5',
  /** NPS answers, promoters (9-10) and detractors (0-6) among them. */
  'nps_count', 'nps_promoters', 'nps_detractors',
  /** FCR answers and the "yes" among them. */
  'fcr_count', 'fcr_yes',
  /** Completed QA reviews that count toward score (completed_at in the bucket) and the sum of their scores in thousandths of a percent. */
  'qa_reviews', 'qa_score_milli',
  /** Coaching sessions created in the bucket. */
  'coaching_sessions',
  /** Service recoveries sent and answered. */
  'recoveries_sent', 'recoveries_answered',
  /** Answered recoveries with a star rating whose first survey has one too: the pairs, the sums of both ratings, and how many went up. */
  'recovery_rated', 'recovery_first_star_sum', 'recovery_star_sum', 'recovery_improved',
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

/** Counters that only exist per employee and day: QA reviews and coaching sessions have no channel, brand or tags. */
export const EMPLOYEE_ONLY_COUNTERS: readonly CounterName[] = ['qa_reviews', 'qa_score_milli', 'coaching_sessions'];

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;
}

/** `into += sign * add`, for every counter `add` has. */
export function addCounters(into: Counters, add: Partial<Counters>, sign: 1 | -1 = 1): Counters {
  for (const name of COUNTER_NAMES) {
    const value = add[name];
    if (value) into[name] += sign * value;
  }
  return into;
}

export function isZero(counters: Partial<Counters>): boolean {
  return COUNTER_NAMES.every((name) => !counters[name]);
}

/** Rounds half away from zero to `digits` decimals (0.05 -> 0.1), the same everywhere a figure is shown. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9) / factor;
}

const pct = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1));
const avg = (sum: number, count: number, digits: number) => (count === 0 ? null : round(sum / count, digits));

/** The figures of a set of counters. `withEmployeeOnly` false: QA and coaching do not apply (a channel, brand or tag slice) and are null. */
export function figures(c: Counters, withEmployeeOnly = true) {
  const starCount = c.star_1 + c.star_2 + c.star_3 + c.star_4 + c.star_5;
  const starSum = c.star_1 + 2 * c.star_2 + 3 * c.star_3 + 4 * c.star_4 + 5 * c.star_5;
  return {
    responses: c.responses,
    requests_delivered: c.delivered,
    response_rate: pct(c.responses, c.delivered),
    star_ratings: starCount,
    star_rating_avg: avg(starSum, starCount, 2),
    five_star_pct: pct(c.star_5, starCount),
    positive_pct: pct(c.star_4 + c.star_5, starCount),
    negative_pct: pct(c.star_1 + c.star_2 + c.star_3, starCount),
    stars_1: c.star_1,
    stars_2: c.star_2,
    stars_3: c.star_3,
    stars_4: c.star_4,
    stars_5: c.star_5,
    nps: c.nps_count === 0 ? null : round(((c.nps_promoters - c.nps_detractors) / c.nps_count) * 100, 1),
    nps_responses: c.nps_count,
    fcr_pct: pct(c.fcr_yes, c.fcr_count),
    fcr_responses: c.fcr_count,
    qa_score_avg: withEmployeeOnly ? avg(c.qa_score_milli / 1000, c.qa_reviews, 1) : null,
    qa_reviews: withEmployeeOnly ? c.qa_reviews : null,
    coaching_sessions: withEmployeeOnly ? c.coaching_sessions : null,
    recoveries_sent: c.recoveries_sent,
    recoveries_answered: c.recoveries_answered,
    recoveries_rated: c.recovery_rated,
    recovery_star_before_avg: avg(c.recovery_first_star_sum, c.recovery_rated, 2),
    recovery_star_after_avg: avg(c.recovery_star_sum, c.recovery_rated, 2),
    recoveries_improved: c.recovery_improved,
  };
}
export type FiguresView = ReturnType<typeof figures>;
