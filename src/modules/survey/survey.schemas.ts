import { Type } from '@sinclair/typebox';
import { QUESTION_LIST, ratingOf } from './question-catalog.ts';
import type { QuestionIdentifier } from './questions/question-descriptor.ts';

/** A survey link token: 24 random bytes in base64url. */
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }) });
export const RateParams = Type.Object({
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
});
export const PageQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 8 })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  /** The step shown on a phone (0 = first). */
  step: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  /** 1: the form was sent without a star rating; ask for it once. */
  nudge: Type.Optional(Type.String({ maxLength: 8 })),
});

/** The closing screen's query: a test survey's rating (stored for real surveys). */
export const ThanksQuery = Type.Object({ rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })) });

/** An urlencoded form post: short fields, a few repeated ones (checkboxes). */
export const FormBody = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })]),
  { maxProperties: 60 },
);

export class SurveyInputError extends Error {}

export interface SurveyForm {
  /** The star rating chosen, if any. */
  rating: number | null;
  /** Chosen option ids per question. */
  choices: Partial<Record<QuestionIdentifier, number[]>>;
  /** Non-empty comments per question (at most 2000 characters kept). */
  comments: Partial<Record<QuestionIdentifier, string>>;
  /** Questions the page showed: an empty answer to one of them clears it. */
  shown: Set<QuestionIdentifier>;
  /** Questions whose comment box was posted (empty or not); others keep their stored comment. */
  commentPosted: Set<QuestionIdentifier>;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** Reads the survey form; throws SurveyInputError for values no page of ours would send. */
export function parseSurveyForm(body: Record<string, unknown>): SurveyForm {
  const form: SurveyForm = { rating: null, choices: {}, comments: {}, shown: new Set(), commentPosted: new Set() };
  for (const question of QUESTION_LIST) {
    const { identifier } = question;
    if (list(body[`shown_${identifier}`]).length > 0) form.shown.add(identifier);
    if (body[`comment_${identifier}`] !== undefined) form.commentPosted.add(identifier);
    const comment = list(body[`comment_${identifier}`])[0]?.trim();
    if (comment) form.comments[identifier] = comment.slice(0, 2000);
    const parsed = question.parse(list(body[question.field]));
    if ('error' in parsed) throw new SurveyInputError(parsed.error);
    form.choices[identifier] = parsed.optionIds;
  }
  form.rating = ratingOf(form.choices.agent_star_rating?.[0]);
  return form;
}
