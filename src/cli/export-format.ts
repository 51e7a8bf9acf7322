import { stringify } from 'csv-stringify/sync';
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

/** What a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number written as text ("-1", "+3.5"): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell as written to CSV. Text starting with = + - @ tab or carriage return gets a leading `'`
 * (and is quoted, see `csvRow`) so a spreadsheet shows it instead of running it; numbers, and text
 * that is only a plain number, are written as they are.
 */
export function csvCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = String(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV line of cells; every neutralised cell is quoted, as OWASP recommends. */
export function csvRow(cells: unknown[]): string {
  return stringify([cells.map(csvCell)], { quoted_match: /^'[=+\-@\t\r]/ });
}

/** The row of a flattened record in the order of `columns` (a column the record lacks is empty). */
export function csvRecord(columns: string[], flat: Record<string, unknown>): string {
  return csvRow(columns.map((column) => flat[column] ?? ''));
}
