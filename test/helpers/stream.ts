import type { Db } from '../../src/db/database.ts';
import { optionWithValue, QUESTIONS } from '../../src/modules/survey/question-catalog.ts';
import type { QuestionIdentifier } from '../../src/modules/survey/questions/question-descriptor.ts';
import { SurveyRepository, type NewAnswer } from '../../src/modules/survey/survey.repository.ts';

/** A customer's answers, as the survey page saves them. */
export interface Answers {
  stars?: number;
  nps?: number;
  fcr?: 'Yes' | 'No';
  excellence?: string[];
  improvement?: string[];
  comment?: string;
  reward?: string;
}

const option = (key: QuestionIdentifier, text: string) => {
  const source = QUESTIONS[key].options;
  const options = 'fixed' in source ? source.fixed : source.defaults;
  const found = options.find((o) => o.option_text === text);
  if (!found) throw new Error(`no option ${text} of ${key}`);
  return found;
};

/**
 * Saves answers of an interaction through the survey's own writer (SurveyRepository.changeAnswers,
 * as the survey page does), on whichever database `db` is: answers of `remove` are withdrawn.
 */
export async function answer(db: Db, companyId: number, interactionId: number, given: Answers, remove: QuestionIdentifier[] = []) {
  const repository = new SurveyRepository(db.kysely);
  await repository.upsertSurvey(db.kysely, companyId, interactionId, `test-${companyId}-${interactionId}`, Date.now() + 86_400_000);
  const upsert: NewAnswer[] = [];
  const entry = (key: QuestionIdentifier, selected: { option_id: number; option_text: string; integer_value: number | null }[], comment: string | null = null) => ({
    question_key: key,
    question_id: QUESTIONS[key].question_id,
    question_text: QUESTIONS[key].question_text,
    comment,
    selected_options: selected,
  });
  if (given.stars !== undefined) upsert.push(entry('agent_star_rating', [optionWithValue('agent_star_rating', given.stars)!], given.comment ?? null));
  if (given.nps !== undefined) upsert.push(entry('nps', [optionWithValue('nps', given.nps)!]));
  if (given.fcr !== undefined) upsert.push(entry('fcr', [option('fcr', given.fcr)]));
  if (given.excellence) upsert.push(entry('areas_of_excellence', given.excellence.map((t) => option('areas_of_excellence', t))));
  if (given.improvement) upsert.push(entry('areas_of_improvement', given.improvement.map((t) => option('areas_of_improvement', t))));
  await repository.changeAnswers(companyId, interactionId, 60, async () => ({
    changes: { upsert, remove, ...(given.reward !== undefined ? { rewardName: given.reward } : {}) },
  }));
}
