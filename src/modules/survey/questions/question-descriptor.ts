import type { OPTIONAL_QUESTIONS } from '../../companies/company-settings.ts';
import type { Messages } from '../i18n/messages.ts';

/** The star rating, then the follow-ups a company can turn on (`enabled_questions`). */
export type QuestionIdentifier = 'agent_star_rating' | (typeof OPTIONAL_QUESTIONS)[number];

/** An option as answers store it and data return shows it; `option_id` never changes meaning. */
export interface CatalogOption {
  option_id: number;
  option_text: string;
  integer_value: number | null;
}

/** The company setting naming a question's options. */
export type OptionSetting = 'areas_of_excellence' | 'areas_of_improvement' | 'reward_names';

/**
 * Where a question's options come from: a fixed list, or the names of a company setting (a
 * name that is one of `defaults` keeps its id; any other name gets a lasting hashed id).
 */
export type OptionSource = { fixed: CatalogOption[] } | { setting: OptionSetting; defaults: CatalogOption[] };

/** A rating of 4 or 5 stars is happy; 1 to 3 is unhappy. */
export const HAPPY_FROM_STARS = 4;

/**
 * When the page asks a question: `first` is the rating itself; a follow-up is asked for any
 * rating (or none yet) or only after a happy or an unhappy one, when the company enabled it and
 * it has options. Giving a rating removes the answers of follow-ups it does not ask.
 */
export type AskedWhen = 'first' | 'always' | 'happy' | 'unhappy';

/** What a question's inputs show: its options for this company and the saved answer. */
export interface QuestionView {
  /** The element id of one of the question's inputs (`<identifier>-<suffix>`). */
  id(suffix: string | number): string;
  messages: Messages;
  options: CatalogOption[];
  /** Option ids of the saved answer. */
  chosen: Set<number>;
  /** Whether an answer (with or without options) is saved. */
  answered: boolean;
  /** The star rating shown as chosen (saved, or previewed on a test survey). */
  rating: number | null;
  /** How an option reads in the page's language (default: its stored text). */
  label?(option: CatalogOption): string;
}

/** The option ids a question's form values name, or what is wrong with them. */
export type ParsedAnswer = { optionIds: number[] } | { error: string };

/** An answer as data return shows it: chosen options keyed by option id. */
export interface ReturnedAnswer {
  comment: string | null;
  selected_options: Record<string, CatalogOption>;
}

/**
 * The answer columns of GET /v1/data/responses, in wire order. The v1 shape is fixed: a new
 * question appears in v2 `answers` (and export columns) only.
 */
export const V1_RESPONSE_COLUMNS = ['star_rating', 'nps', 'fcr', 'areas_of_excellence', 'areas_of_improvement', 'comment'] as const;
export type V1ResponseColumn = (typeof V1_RESPONSE_COLUMNS)[number];
/** Reads a v1 column's value from the question's answer (undefined: not answered). */
export type V1Reader = (answer: ReturnedAnswer | undefined) => unknown;

/** What the catalog writes for each question; its kind (stars, scale, choice, multi) adds the rest. */
export interface QuestionSpec {
  identifier: QuestionIdentifier;
  question_id: number;
  /** The English template, as answers store it and data return shows it. */
  question_text: string;
  options: OptionSource;
  askedWhen: AskedWhen;
  /** The form field of the chosen options: the identifier unless named (comments are `comment_<identifier>`). */
  field?: string;
  /** The legend on the page, a message template (`{first_name}`, `{brand}`). */
  legend(messages: Messages): string;
  /** A line under the legend, described by the fieldset (plain text). */
  hint?(messages: Messages): string;
  /** What the lowest and highest values of a scale mean, named under its row (described by the fieldset). */
  ends?(messages: Messages): [low: string, high: string];
  /** The v1 response columns this question fills. */
  v1Columns?: Partial<Record<V1ResponseColumn, V1Reader>>;
  /** The chosen option's text is the interaction's `reward_name`; an answer makes it `reward_eligible`. */
  reward?: boolean;
}

/** What a kind adds to a question's spec: how its options are sent, read back and shown. */
export interface KindParts {
  kind: 'stars' | 'scale' | 'choice' | 'multi';
  /** The form value that chooses `option`. */
  formValue(option: CatalogOption): string;
  /** Reads the form values of `field` (empty ones and `none` stand for no option). */
  parse(values: string[]): ParsedAnswer;
  /** The class of the options' container. */
  className: string;
  /** The inputs' HTML. */
  inputs(view: QuestionView): string;
}

/** One survey question: everything the page, the form, the answers and data return know of it. */
export interface QuestionDescriptor extends QuestionSpec, KindParts {
  field: string;
  v1Columns: Partial<Record<V1ResponseColumn, V1Reader>>;
  reward: boolean;
  /** Whether one answer may hold several options. */
  multiple: boolean;
}

/** The descriptor of `spec` with the parts of its kind, which reads and writes the form field it is given. */
export function describe(spec: QuestionSpec, kind: (field: string) => KindParts): QuestionDescriptor {
  const { identifier, question_id, question_text, options, askedWhen, legend, hint, ends, v1Columns = {}, reward = false } = spec;
  const field = spec.field ?? identifier;
  const parts = kind(field);
  return { identifier, question_id, question_text, options, askedWhen, field, legend, hint, ends, v1Columns, reward, multiple: parts.kind === 'multi', ...parts };
}
