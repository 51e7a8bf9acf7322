import { commentText, firstInteger, isOption, optionTexts } from './questions/answer-readers.ts';
import { multipleChoice, namedOptions, singleChoice } from './questions/choice-questions.ts';
import type { CatalogOption, QuestionDescriptor, QuestionIdentifier } from './questions/question-descriptor.ts';
import { integerOptions, scale, stars } from './questions/rating-questions.ts';

/**
 * The survey's questions, one descriptor each, in page order. Answers store the question and
 * option ids and data return shows them (`answers.<identifier>.question_id`,
 * `selected_options.<option_id>`): ids never change meaning, new options get new ids. Page texts
 * come from the message catalogs (`i18n/`); a new question is a descriptor here, its messages,
 * and its identifier among the company's optional questions.
 */
export const QUESTIONS: Record<QuestionIdentifier, QuestionDescriptor> = {
  agent_star_rating: stars({
    identifier: 'agent_star_rating',
    question_id: 145,
    question_text: 'How satisfied are you with the service you received from {{ employee.first_name }} today?',
    /** 1 to 5 stars: options 1071 to 1075. */
    options: { fixed: integerOptions(1, 5, 1071) },
    askedWhen: 'first',
    field: 'rating',
    legend: (m) => m.ratingQuestion,
    ariaLabels: (m) => m.starLabels,
    v1Columns: { star_rating: firstInteger, comment: commentText },
  }),
  areas_of_excellence: multipleChoice({
    identifier: 'areas_of_excellence',
    question_id: 146,
    question_text: 'What did {{ employee.first_name }} do particularly well?',
    askedWhen: 'happy',
    options: {
      setting: 'areas_of_excellence',
      defaults: namedOptions([[1121, 'Friendly'], [1123, 'Knowledgeable'], [1125, 'Efficient'], [1127, 'Helpful'], [1129, 'Patient'], [1131, 'Clear']]),
    },
    legend: (m) => m.excellenceQuestion,
    v1Columns: { areas_of_excellence: optionTexts },
  }),
  areas_of_improvement: multipleChoice({
    identifier: 'areas_of_improvement',
    question_id: 147,
    question_text: 'What could {{ employee.first_name }} have done better?',
    askedWhen: 'unhappy',
    options: {
      setting: 'areas_of_improvement',
      defaults: namedOptions([[1150, 'Friendliness'], [1151, 'Knowledge'], [1152, 'Speed'], [1153, 'Clarity'], [1154, 'Follow-up']]),
    },
    legend: (m) => m.improvementQuestion,
    v1Columns: { areas_of_improvement: optionTexts },
  }),
  nps: scale({
    identifier: 'nps',
    question_id: 148,
    question_text: 'How likely is it that you would recommend {{ brand.name }} to a friend or colleague?',
    askedWhen: 'always',
    /** 0 to 10: options 1135 to 1145. */
    options: { fixed: integerOptions(0, 10, 1135) },
    legend: (m) => m.npsQuestion,
    ends: (m) => [m.npsLowEnd, m.npsHighEnd],
    v1Columns: { nps: firstInteger },
  }),
  fcr: singleChoice({
    identifier: 'fcr',
    question_id: 152,
    question_text: 'Were we able to resolve your issue today?',
    askedWhen: 'always',
    options: { fixed: namedOptions([[1180, 'Yes'], [1181, 'No']]) },
    labels: (m) => [m.yes, m.no],
    legend: (m) => m.fcrQuestion,
    v1Columns: { fcr: isOption('Yes') },
  }),
  rewards: singleChoice({
    identifier: 'rewards',
    question_id: 155,
    question_text: 'Would you like to thank {{ employee.first_name }} with a reward?',
    askedWhen: 'happy',
    options: { setting: 'reward_names', defaults: [] },
    noneLabel: (m) => m.noReward,
    legend: (m) => m.rewardQuestion,
    reward: true,
  }),
};

/** Every question, in page order. */
export const QUESTION_LIST: QuestionDescriptor[] = Object.values(QUESTIONS);

/** Questions whose answer is the interaction's reward. */
export const REWARD_QUESTIONS: ReadonlySet<string> = new Set(QUESTION_LIST.filter((q) => q.reward).map((q) => q.identifier));

/** A question's fixed options, or the options of its default setting. */
export function defaultOptions(identifier: QuestionIdentifier): CatalogOption[] {
  const source = QUESTIONS[identifier].options;
  return 'fixed' in source ? source.fixed : source.defaults;
}

/** The option of a numeric question that stands for `value`. */
export function optionWithValue(identifier: QuestionIdentifier, value: number): CatalogOption | undefined {
  return defaultOptions(identifier).find((option) => option.integer_value === value);
}

/** The star rating a stored rating option stands for, or null. */
export function ratingOf(optionId: number | undefined): number | null {
  return defaultOptions('agent_star_rating').find((option) => option.option_id === optionId)?.integer_value ?? null;
}
