import type { CompanySettings } from '../companies/company-settings.ts';
import { QUESTION_LIST, QUESTIONS } from './question-catalog.ts';
import { HAPPY_FROM_STARS, type AskedWhen, type CatalogOption, type QuestionIdentifier } from './questions/question-descriptor.ts';

/**
 * A stable option id for a company-named option: the catalog's id when the text is a
 * default option, else a hash of question and text, so the same text keeps its id
 * across setting changes and a new text never reuses an old id (ids >= 100000).
 */
export function optionId(identifier: QuestionIdentifier, text: string, defaults: CatalogOption[] = []): number {
  const known = defaults.find((option) => option.option_text.toLowerCase() === text.toLowerCase());
  if (known) return known.option_id;
  let hash = 0x811c9dc5;
  for (const char of `${identifier}:${text.toLowerCase()}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 100_000 + (hash % 2_000_000_000);
}

/** The options a question offers for this company. */
export function optionsFor(identifier: QuestionIdentifier, settings: CompanySettings): CatalogOption[] {
  const source = QUESTIONS[identifier].options;
  if ('fixed' in source) return source.fixed;
  return settings[source.setting].map((text) => ({ option_id: optionId(identifier, text, source.defaults), option_text: text, integer_value: null }));
}

function askedAt(when: AskedWhen, rating: number | null): boolean {
  if (when === 'always') return true;
  if (when === 'first' || rating === null) return false;
  return when === 'happy' ? rating >= HAPPY_FROM_STARS : rating < HAPPY_FROM_STARS;
}

const FOLLOW_UPS = QUESTION_LIST.filter((q) => q.askedWhen !== 'first');

/** The follow-up questions shown for a star rating (none chosen yet: only those that do not depend on it). */
export function followUpQuestions(settings: CompanySettings, rating: number | null): QuestionIdentifier[] {
  const enabled = new Set<string>(settings.enabled_questions);
  return FOLLOW_UPS.filter((q) => {
    const offered = 'fixed' in q.options || settings[q.options.setting].length > 0;
    return askedAt(q.askedWhen, rating) && enabled.has(q.identifier) && offered;
  }).map((q) => q.identifier);
}

/** The questions of a survey page: the rating first, then the follow-ups it asks. */
export function surveyQuestions(settings: CompanySettings, rating: number | null): QuestionIdentifier[] {
  return [...QUESTION_LIST.filter((q) => q.askedWhen === 'first').map((q) => q.identifier), ...followUpQuestions(settings, rating)];
}

/** The follow-ups a rating never asks: giving it removes their answers. */
export function questionsDroppedBy(rating: number): QuestionIdentifier[] {
  return FOLLOW_UPS.filter((q) => !askedAt(q.askedWhen, rating)).map((q) => q.identifier);
}
