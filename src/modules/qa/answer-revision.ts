import { parseJson } from '../../lib/json.ts';
import { throwIfAny } from './qa-input.ts';
import { answerErrors, computeScore, type AnswerDoc, type ScorecardModel } from './scoring.ts';

/** The stored answers with those given replacing the answers to the same questions. */
export function mergeAnswers(stored: AnswerDoc[], given: AnswerDoc[]): AnswerDoc[] {
  const byQuestion = new Map(stored.map((a) => [a.question_id, a]));
  for (const answer of given) byQuestion.set(answer.question_id, answer);
  return [...byQuestion.values()];
}

/**
 * The columns of a review or audit after an edit: given answers merged over the stored ones,
 * checked in full when the record is (or stays) complete, and scored again. `complete` is the
 * edit's flag: true completes, false reopens, absent keeps the record's state.
 */
export function revisedAnswers(
  scorecard: ScorecardModel,
  record: { answers: string; completed_at: number | null },
  given: AnswerDoc[],
  complete: boolean | undefined,
  now: number,
) {
  const answers = mergeAnswers(parseJson<AnswerDoc[]>(record.answers, []), given);
  const completing = complete === true || (record.completed_at !== null && complete !== false);
  if (completing) throwIfAny(answerErrors(scorecard, answers, 'answers', true));
  return { ...scoredAnswers(scorecard, answers), completed_at: completing ? (record.completed_at ?? now) : null, updated_at: now };
}

/** The score columns of a review or audit holding these answers. */
export function scoredAnswers(scorecard: ScorecardModel, answers: AnswerDoc[]) {
  const { score, autofailed } = computeScore(scorecard, answers);
  return { answers: JSON.stringify(answers), score, autofailed: autofailed ? 1 : 0 };
}
