import type { Counters } from './counters.ts';
import { localDay } from './local-time.ts';

/**
 * What one row adds to the rollups, as a pure function of its current state: the writers take the
 * difference between a row's contributions after and before a change (rollup-writer.ts), so a
 * withdrawn or edited answer changes the figures exactly as if it had always been that way.
 */

/** Where a contribution is counted: a local day and an employee, and, for survey figures, the channel, brand and tags. */
export interface Contribution {
  isTest: boolean;
  day: number;
  employeeId: number;
  /** Null for figures that have no channel, brand or tags (QA reviews, coaching sessions). */
  dims: { channel: string; brandId: number; tags: readonly string[] } | null;
  counters: Partial<Counters>;
}

/** The columns of an interaction (and, for a recovery, its first survey's rating) the figures read. */
export interface InteractionFacts {
  is_test: number;
  is_recovery: number;
  employee_id: number;
  channel: string;
  brand_id: number;
  /** Parsed `tags`. */
  tags: readonly string[];
  sent_at: number | null;
  response_received_at: number | null;
  star_rating: number | null;
  nps_score: number | null;
  resolved: number | null;
  /** A recovery's first survey's star rating (null for a first survey). */
  first_star_rating: number | null;
}

export interface ReviewFacts {
  employee_id: number;
  completed_at: number | null;
  count_toward_score: number;
  score: number | null;
}

export interface CoachingFacts {
  employee_id: number;
  created_at: number;
}

export function interactionContributions(row: InteractionFacts, timeZone: string): Contribution[] {
  const at = (ms: number, counters: Partial<Counters>): Contribution => ({
    isTest: row.is_test === 1,
    day: localDay(ms, timeZone),
    employeeId: row.employee_id,
    dims: { channel: row.channel, brandId: row.brand_id, tags: row.tags },
    counters,
  });
  const out: Contribution[] = [];
  const answered = row.response_received_at;
  if (row.is_recovery === 1) {
    if (row.sent_at !== null) out.push(at(row.sent_at, { recoveries_sent: 1 }));
    if (answered !== null) {
      const counters: Partial<Counters> = { recoveries_answered: 1 };
      if (row.star_rating !== null && row.first_star_rating !== null) {
        counters.recovery_rated = 1;
        counters.recovery_first_star_sum = row.first_star_rating;
        counters.recovery_star_sum = row.star_rating;
        counters.recovery_improved = row.star_rating > row.first_star_rating ? 1 : 0;
      }
      out.push(at(answered, counters));
    }
    return out;
  }
  if (row.sent_at !== null) out.push(at(row.sent_at, { delivered: 1 }));
  if (answered !== null) {
    const counters: Partial<Counters> = { responses: 1 };
    if (row.star_rating !== null && row.star_rating >= 1 && row.star_rating <= 5) counters[`star_${row.star_rating as 1 | 2 | 3 | 4 | 5}`] = 1;
    if (row.nps_score !== null) {
      counters.nps_count = 1;
      counters.nps_promoters = row.nps_score >= 9 ? 1 : 0;
      counters.nps_detractors = row.nps_score <= 6 ? 1 : 0;
    }
    if (row.resolved !== null) {
      counters.fcr_count = 1;
      counters.fcr_yes = row.resolved === 1 ? 1 : 0;
    }
    out.push(at(answered, counters));
  }
  return out;
}

export function reviewContributions(row: ReviewFacts, timeZone: string): Contribution[] {
  if (row.completed_at === null || row.count_toward_score !== 1 || row.score === null) return [];
  return [{
    isTest: false,
    day: localDay(row.completed_at, timeZone),
    employeeId: row.employee_id,
    dims: null,
    counters: { qa_reviews: 1, qa_score_milli: Math.round(row.score * 1000) },
  }];
}

export function coachingContributions(row: CoachingFacts, timeZone: string): Contribution[] {
  return [{ isTest: false, day: localDay(row.created_at, timeZone), employeeId: row.employee_id, dims: null, counters: { coaching_sessions: 1 } }];
}
