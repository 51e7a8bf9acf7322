import type { CompanySettings } from '../companies/company-settings.ts';
import {
  DEFAULT_EXCELLENCE_OPTIONS,
  DEFAULT_IMPROVEMENT_OPTIONS,
  QUESTIONS,
  type CatalogOption,
  type QuestionIdentifier,
} from './question-catalog.ts';

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

const named = (identifier: QuestionIdentifier, names: string[], defaults: CatalogOption[] = []): CatalogOption[] =>
  names.map((text) => ({ option_id: optionId(identifier, text, defaults), option_text: text, integer_value: null }));

/** The options a question offers for this company. */
export function optionsFor(identifier: QuestionIdentifier, settings: CompanySettings): CatalogOption[] {
  switch (identifier) {
    case 'areas_of_excellence':
      return named(identifier, settings.areas_of_excellence, DEFAULT_EXCELLENCE_OPTIONS);
    case 'areas_of_improvement':
      return named(identifier, settings.areas_of_improvement, DEFAULT_IMPROVEMENT_OPTIONS);
    case 'rewards':
      return named(identifier, settings.reward_names);
    default:
      return QUESTIONS[identifier].options;
  }
}

/** The follow-up questions shown for a star rating (none chosen yet: only those that do not depend on it). */
export function followUpQuestions(settings: CompanySettings, rating: number | null): QuestionIdentifier[] {
  const enabled = new Set<string>(settings.enabled_questions);
  const asked: QuestionIdentifier[] = [];
  const happy = rating !== null && rating >= 4;
  const unhappy = rating !== null && rating <= 3;
  if (happy && enabled.has('areas_of_excellence') && settings.areas_of_excellence.length > 0) asked.push('areas_of_excellence');
  if (unhappy && enabled.has('areas_of_improvement') && settings.areas_of_improvement.length > 0) asked.push('areas_of_improvement');
  if (enabled.has('nps')) asked.push('nps');
  if (enabled.has('fcr')) asked.push('fcr');
  if (happy && enabled.has('rewards') && settings.reward_names.length > 0) asked.push('rewards');
  return asked;
}
