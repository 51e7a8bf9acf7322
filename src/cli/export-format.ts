import { csvRow } from '../lib/csv.ts';
import { QUESTION_LIST } from '../modules/survey/question-catalog.ts';

const ANSWER_KEYS = QUESTION_LIST.map((question) => question.identifier);

interface AnswerLike {
  comment?: string | null;
  selected_options?: Record<string, { option_text?: string }>;
}

/**
 * Flattens a record into `a.b.c` columns. A list (tags, an answer's chosen options) is one cell
 * holding a JSON array, so a value containing a separator stays unambiguous.
 */
export function flatten(record: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (key === 'answers' && !prefix && value && typeof value === 'object') {
      flattenAnswers(value as Record<string, AnswerLike>, into);
    } else if (Array.isArray(value)) {
      into[column] = JSON.stringify(value);
    } else if (value && typeof value === 'object') {
      flatten(value as Record<string, unknown>, column, into);
    } else {
      into[column] = value;
    }
  }
  return into;
}

/** One column per question identifier (the chosen option texts, a JSON array) plus one for its comment. */
function flattenAnswers(answers: Record<string, AnswerLike>, into: Record<string, unknown>): void {
  const keys = [...new Set([...ANSWER_KEYS, ...Object.keys(answers)])];
  for (const key of keys) {
    const answer = answers[key];
    into[key] = answer ? JSON.stringify(Object.values(answer.selected_options ?? {}).map((option) => option.option_text)) : '';
    into[`${key}_comment`] = answer?.comment ?? '';
  }
}

/** The row of a flattened record in the order of `columns` (a column the record lacks is empty). */
export function csvRecord(columns: string[], flat: Record<string, unknown>): string {
  return csvRow(columns.map((column) => flat[column] ?? ''));
}
