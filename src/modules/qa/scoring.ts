/** Pure QA arithmetic: review scores and calibration alignment. No I/O. */

export interface OptionModel {
  id: number;
  text: string;
  points: number;
  is_na: boolean;
  is_autofail: boolean;
}

export interface QuestionModel {
  id: number;
  section_id: number | null;
  text: string;
  options: OptionModel[];
}

export interface SectionModel {
  id: number;
  name: string;
  weight: number | null;
}

export interface ScorecardModel {
  id: number;
  name: string;
  archived_at: number | null;
  sections: SectionModel[];
  questions: QuestionModel[];
}

/** One answer to one question; option_id null means not answered yet. */
export interface AnswerDoc {
  question_id: number;
  option_id: number | null;
  comment: string | null;
}

export interface ScoreResult {
  /** Percentage 0..100; null when no answered question carries points. */
  score: number | null;
  autofailed: boolean;
}

/** Points a question can earn: its best option that is neither N/A nor an autofail. */
export function pointsPossible(question: QuestionModel): number {
  const scoring = question.options.filter((o) => !o.is_na && !o.is_autofail).map((o) => o.points);
  return scoring.length === 0 ? 0 : Math.max(0, ...scoring);
}

/**
 * The score of a set of answers on a scorecard. Choosing an autofail option makes it 0 and
 * autofailed. N/A and unanswered questions are left out. On a weighted scorecard each
 * section's share (points obtained / possible) counts by its weight, over the sections that
 * have something to score; otherwise the score is all points obtained over all possible.
 */
export function computeScore(scorecard: ScorecardModel, answers: AnswerDoc[]): ScoreResult {
  const questions = new Map(scorecard.questions.map((q) => [q.id, q]));
  const totals = new Map<number | null, { obtained: number; possible: number }>();
  for (const answer of answers) {
    const question = questions.get(answer.question_id);
    const option = question?.options.find((o) => o.id === answer.option_id);
    if (!question || !option) continue;
    if (option.is_autofail) return { score: 0, autofailed: true };
    if (option.is_na) continue;
    const possible = pointsPossible(question);
    if (possible <= 0) continue;
    const total = totals.get(question.section_id) ?? { obtained: 0, possible: 0 };
    total.obtained += Math.min(option.points, possible);
    total.possible += possible;
    totals.set(question.section_id, total);
  }
  if (totals.size === 0) return { score: null, autofailed: false };
  const weights = new Map(scorecard.sections.map((s) => [s.id, s.weight]));
  const weighted = scorecard.sections.some((s) => s.weight !== null);
  if (!weighted) {
    let obtained = 0;
    let possible = 0;
    for (const total of totals.values()) {
      obtained += total.obtained;
      possible += total.possible;
    }
    return { score: (100 * obtained) / possible, autofailed: false };
  }
  let sum = 0;
  let weightSum = 0;
  for (const [sectionId, total] of totals) {
    const weight = sectionId === null ? 0 : (weights.get(sectionId) ?? 0);
    sum += weight * (total.obtained / total.possible);
    weightSum += weight;
  }
  return { score: weightSum > 0 ? (100 * sum) / weightSum : null, autofailed: false };
}

export interface ParticipantAnswers {
  employee_id: number;
  answers: AnswerDoc[];
}

export interface ReferenceAnswer {
  question_id: number;
  option_id: number;
}

export interface AlignmentResult {
  /** question id → percentage of participants who chose the reference option (null without a reference). */
  questions: Map<number, number | null>;
  /** Mean of the question scores that exist; null when none does. */
  overall: number | null;
}

/** Calibration alignment: per question, the share of participants who chose the reference option. */
export function computeAlignment(scorecard: ScorecardModel, participants: ParticipantAnswers[], reference: ReferenceAnswer[]): AlignmentResult {
  const referenceByQuestion = new Map(reference.map((r) => [r.question_id, r.option_id]));
  const questions = new Map<number, number | null>();
  const scores: number[] = [];
  for (const question of scorecard.questions) {
    const referenceOption = referenceByQuestion.get(question.id);
    if (referenceOption === undefined || participants.length === 0) {
      questions.set(question.id, null);
      continue;
    }
    const aligned = participants.filter((p) => p.answers.some((a) => a.question_id === question.id && a.option_id === referenceOption)).length;
    const score = (100 * aligned) / participants.length;
    questions.set(question.id, score);
    scores.push(score);
  }
  const overall = scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
  return { questions, overall };
}

/**
 * Problems with answers on a scorecard, each naming `field[i]`: unknown questions, options of
 * another question, a question answered twice; when `complete`, every question must be answered.
 */
export function answerErrors(scorecard: ScorecardModel, answers: AnswerDoc[], field: string, complete: boolean): string[] {
  const errors: string[] = [];
  const questions = new Map(scorecard.questions.map((q) => [q.id, q]));
  const seen = new Set<number>();
  answers.forEach((answer, i) => {
    const question = questions.get(answer.question_id);
    if (!question) {
      errors.push(`${field}[${i}].question_id ${answer.question_id} is not a question of scorecard ${scorecard.id}`);
      return;
    }
    if (seen.has(answer.question_id)) errors.push(`${field}[${i}].question_id ${answer.question_id} is answered more than once`);
    seen.add(answer.question_id);
    if (answer.option_id !== null && !question.options.some((o) => o.id === answer.option_id)) {
      errors.push(`${field}[${i}].option_id ${answer.option_id} is not an option of question ${answer.question_id}`);
    }
  });
  if (complete) {
    const answered = new Set(answers.filter((a) => a.option_id !== null).map((a) => a.question_id));
    const missing = scorecard.questions.filter((q) => !answered.has(q.id)).map((q) => q.id);
    if (missing.length > 0) errors.push(`${field} must answer every question to complete; unanswered: ${missing.join(', ')}`);
  }
  return errors;
}

/** The data-return form of a percentage: whole numbers. */
export function roundPercent(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
