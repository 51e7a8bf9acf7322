import { parseJson } from '../../lib/json.ts';

/** An interaction's answers in figures: the columns the Stream filters and sums (migration 120). */
export interface AnswerColumns {
  star_rating: number | null;
  nps_score: number | null;
  /** FCR: 1 when the chosen option reads Yes, 0 for any other, null unanswered. */
  resolved: number | null;
  has_comment: number;
}

/** What an answer row needs to be read into figures (`selected_options` as stored, JSON text, or already parsed). */
export interface AnswerLike {
  question_key: string;
  comment: string | null;
  selected_options: string | readonly { option_text?: string; integer_value?: number | null }[];
}

export const ANSWER_COLUMN_NAMES = ['star_rating', 'nps_score', 'resolved', 'has_comment'] as const satisfies readonly (keyof AnswerColumns)[];

/**
 * The figures of an interaction from all of its answers. Every writer of answers stores them on
 * the interaction in the same transaction, so they always equal the answers.
 */
export function answerColumns(answers: readonly AnswerLike[]): AnswerColumns {
  const first = (key: string) => {
    const answer = answers.find((row) => row.question_key === key);
    if (!answer) return undefined;
    const options = typeof answer.selected_options === 'string' ? parseJson<unknown>(answer.selected_options, []) : answer.selected_options;
    return Array.isArray(options) ? (options[0] as { option_text?: string; integer_value?: number | null } | undefined) : undefined;
  };
  const fcr = first('fcr');
  return {
    star_rating: first('agent_star_rating')?.integer_value ?? null,
    nps_score: first('nps')?.integer_value ?? null,
    resolved: fcr === undefined ? null : fcr.option_text === 'Yes' ? 1 : 0,
    has_comment: answers.some((row) => hasComment(row.comment)) ? 1 : 0,
  };
}

/** A comment the Stream shows (and the `comment` filter counts): not null, not empty. */
export function hasComment(comment: string | null): comment is string {
  return comment !== null && comment !== '';
}
