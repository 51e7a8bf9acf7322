import { parseJson } from '../../lib/json.ts';

/** An interaction's answers in figures: the columns the Stream filters and sums (migration 120). */
export interface AnswerColumns {
  star_rating: number | null;
  nps_score: number | null;
  /** FCR: 1 when the chosen option reads Yes, 0 for any other, null unanswered. */
  resolved: number | null;
  has_comment: number;
  /** The chosen areas of excellence (option texts, one a line), null when none. */
  excellence_labels: string | null;
  /** The chosen areas of improvement (option texts, one a line), null when none. */
  improvement_labels: string | null;
}

/** What an answer row needs to be read into figures (`selected_options` as stored, JSON text, or already parsed). */
export interface AnswerLike {
  question_key: string;
  comment: string | null;
  selected_options: string | readonly { option_text?: string; integer_value?: number | null }[];
}

export const ANSWER_COLUMN_NAMES = ['star_rating', 'nps_score', 'resolved', 'has_comment', 'excellence_labels', 'improvement_labels'] as const satisfies readonly (keyof AnswerColumns)[];

/**
 * The figures of an interaction from all of its answers. Every writer of answers stores them on
 * the interaction in the same transaction, so they always equal the answers.
 */
export function answerColumns(answers: readonly AnswerLike[]): AnswerColumns {
  const options = (key: string): { option_text?: string; integer_value?: number | null }[] => {
    const answer = answers.find((row) => row.question_key === key);
    if (!answer) return [];
    const parsed = typeof answer.selected_options === 'string' ? parseJson<unknown>(answer.selected_options, []) : answer.selected_options;
    return Array.isArray(parsed) ? parsed : [];
  };
  const first = (key: string) => options(key)[0];
  const labels = (key: string) => {
    const texts = options(key).map((option) => option?.option_text).filter((text): text is string => typeof text === 'string' && text !== '');
    return texts.length === 0 ? null : texts.join('\n');
  };
  const fcr = first('fcr');
  return {
    star_rating: first('agent_star_rating')?.integer_value ?? null,
    nps_score: first('nps')?.integer_value ?? null,
    resolved: fcr === undefined ? null : fcr.option_text === 'Yes' ? 1 : 0,
    has_comment: answers.some((row) => hasComment(row.comment)) ? 1 : 0,
    excellence_labels: labels('areas_of_excellence'),
    improvement_labels: labels('areas_of_improvement'),
  };
}

/** A comment the Stream shows (and the `comment` filter counts): not null, not empty. */
export function hasComment(comment: string | null): comment is string {
  return comment !== null && comment !== '';
}
