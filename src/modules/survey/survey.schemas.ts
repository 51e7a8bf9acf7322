import { Type } from '@sinclair/typebox';
import type { QuestionIdentifier } from './question-catalog.ts';

/** A survey link token: 24 random bytes in base64url. */
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }) });
export const RateParams = Type.Object({
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
});
export const PageQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 8 })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});

/** An urlencoded form post: short fields, a few repeated ones (checkboxes). */
export const FormBody = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })]),
  { maxProperties: 60 },
);

export class SurveyInputError extends Error {}

export interface SurveyForm {
  rating: number | null;
  /** Chosen option ids per question. */
  choices: Partial<Record<QuestionIdentifier, number[]>>;
  /** Non-empty comments per question (at most 2000 characters kept). */
  comments: Partial<Record<QuestionIdentifier, string>>;
  /** Questions the page showed: an empty answer to one of them clears it. */
  shown: Set<QuestionIdentifier>;
}

const IDENTIFIERS: QuestionIdentifier[] = ['agent_star_rating', 'areas_of_excellence', 'areas_of_improvement', 'nps', 'fcr', 'rewards'];

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

function integer(value: string, min: number, max: number, field: string): number {
  if (!/^\d{1,10}$/.test(value)) throw new SurveyInputError(`${field} must be a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new SurveyInputError(`${field} must be from ${min} to ${max}`);
  return n;
}

/** Reads the survey form; throws SurveyInputError for values no page of ours would send. */
export function parseSurveyForm(body: Record<string, unknown>): SurveyForm {
  const form: SurveyForm = { rating: null, choices: {}, comments: {}, shown: new Set() };
  const rating = list(body.rating)[0];
  if (rating !== undefined && rating !== '') form.rating = integer(rating, 1, 5, 'rating');
  for (const identifier of IDENTIFIERS) {
    if (list(body[`shown_${identifier}`]).length > 0) form.shown.add(identifier);
    const comment = list(body[`comment_${identifier}`])[0]?.trim();
    if (comment) form.comments[identifier] = comment.slice(0, 2000);
    if (identifier === 'agent_star_rating') continue;
    const values = list(body[identifier]).filter((v) => v !== '' && v !== 'none');
    if (identifier === 'nps') {
      form.choices.nps = values.map((v) => 1135 + integer(v, 0, 10, 'nps'));
    } else {
      form.choices[identifier] = [...new Set(values.map((v) => integer(v, 0, 2_147_483_647, identifier)))];
    }
  }
  return form;
}
