/**
 * The survey's questions, with stable ids: answers store these ids and data return
 * shows them (`answers.<identifier>.question_id`, `selected_options.<option_id>`).
 * Option ids never change meaning; new options get new ids.
 */
export interface CatalogOption {
  option_id: number;
  option_text: string;
  integer_value: number | null;
}

export interface CatalogQuestion {
  identifier: QuestionIdentifier;
  question_id: number;
  /** The English template, as data return shows it. */
  question_text: string;
  /** Fixed options; the multi-select and reward questions take theirs from company settings. */
  options: CatalogOption[];
}

export type QuestionIdentifier = 'agent_star_rating' | 'areas_of_excellence' | 'areas_of_improvement' | 'nps' | 'fcr' | 'rewards';

const range = (from: number, to: number, firstId: number): CatalogOption[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ option_id: firstId + i, option_text: String(from + i), integer_value: from + i }));

export const QUESTIONS: Record<QuestionIdentifier, CatalogQuestion> = {
  agent_star_rating: {
    identifier: 'agent_star_rating',
    question_id: 145,
    question_text: 'How satisfied are you with the service you received from {{ employee.first_name }} today?',
    options: range(1, 5, 1071),
  },
  areas_of_excellence: {
    identifier: 'areas_of_excellence',
    question_id: 146,
    question_text: 'What did {{ employee.first_name }} do particularly well?',
    options: [],
  },
  areas_of_improvement: {
    identifier: 'areas_of_improvement',
    question_id: 147,
    question_text: 'What could {{ employee.first_name }} have done better?',
    options: [],
  },
  nps: {
    identifier: 'nps',
    question_id: 148,
    question_text: 'How likely is it that you would recommend {{ brand.name }} to a friend or colleague?',
    options: range(0, 10, 1135),
  },
  fcr: {
    identifier: 'fcr',
    question_id: 152,
    question_text: 'Were we able to resolve your issue today?',
    options: [
      { option_id: 1180, option_text: 'Yes', integer_value: null },
      { option_id: 1181, option_text: 'No', integer_value: null },
    ],
  },
  rewards: {
    identifier: 'rewards',
    question_id: 155,
    question_text: 'Would you like to thank {{ employee.first_name }} with a reward?',
    options: [],
  },
};

/** Default option lists for the company-configurable questions (ids are stable). */
export const DEFAULT_EXCELLENCE_OPTIONS: CatalogOption[] = ['Friendly', 'Knowledgeable', 'Efficient', 'Helpful', 'Patient', 'Clear'].map(
  (text, i) => ({ option_id: 1121 + i * 2, option_text: text, integer_value: null }),
);
export const DEFAULT_IMPROVEMENT_OPTIONS: CatalogOption[] = ['Friendliness', 'Knowledge', 'Speed', 'Clarity', 'Follow-up'].map(
  (text, i) => ({ option_id: 1150 + i, option_text: text, integer_value: null }),
);
