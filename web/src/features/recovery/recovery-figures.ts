import type { ReportFigures } from '../../lib/api-types.ts';

/** The service recovery figures of a report row (the server's recoveries_* and recovery_star_*), with the two shares the page shows. */
export interface RecoveryFigures {
  sent: number;
  answered: number;
  /** answered / sent in %, 1 decimal (null when none was sent). */
  answerRate: number | null;
  /** Answered recoveries rated, whose first survey was rated too. */
  rated: number;
  before: number | null;
  after: number | null;
  improved: number;
  /** improved / rated in %, 1 decimal. */
  improvedPct: number | null;
}

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function recoveryFigures(figures: ReportFigures): RecoveryFigures {
  return {
    sent: figures.recoveries_sent,
    answered: figures.recoveries_answered,
    answerRate: pct(figures.recoveries_answered, figures.recoveries_sent),
    rated: figures.recoveries_rated,
    before: figures.recovery_star_before_avg,
    after: figures.recovery_star_after_avg,
    improved: figures.recoveries_improved,
    improvedPct: pct(figures.recoveries_improved, figures.recoveries_rated),
  };
}

export const hasRecoveries = (figures: RecoveryFigures) => figures.sent > 0 || figures.answered > 0;
