import { stringify } from 'csv-stringify/sync';

const ANSWER_KEYS = ['agent_star_rating', 'areas_of_excellence', 'areas_of_improvement', 'nps', 'fcr', 'rewards'];

interface AnswerLike {
  comment?: string | null;
  selected_options?: Record<string, { option_text?: string }>;
}

/** Flattens a record into `a.b.c` columns; arrays of scalars join with `|`, other arrays become JSON. */
export function flatten(record: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (key === 'answers' && !prefix && value && typeof value === 'object') {
      flattenAnswers(value as Record<string, AnswerLike>, into);
    } else if (Array.isArray(value)) {
      into[column] = value.every((item) => item === null || typeof item !== 'object') ? value.join('|') : JSON.stringify(value);
    } else if (value && typeof value === 'object') {
      flatten(value as Record<string, unknown>, column, into);
    } else {
      into[column] = value;
    }
  }
  return into;
}

/** One column per question identifier (the chosen option texts) plus one for its comment. */
function flattenAnswers(answers: Record<string, AnswerLike>, into: Record<string, unknown>): void {
  const keys = [...new Set([...ANSWER_KEYS, ...Object.keys(answers)])];
  for (const key of keys) {
    const answer = answers[key];
    into[key] = answer ? Object.values(answer.selected_options ?? {}).map((option) => option.option_text).join('|') : '';
    into[`${key}_comment`] = answer?.comment ?? '';
  }
}

/** Writes records as CSV: the columns are those of the first record (later extra fields are dropped). */
export class CsvWriter {
  private columns: string[] | null = null;

  format(record: Record<string, unknown>): string {
    const flat = flatten(record);
    let header = '';
    if (!this.columns) {
      this.columns = Object.keys(flat);
      header = stringify([this.columns]);
    }
    return header + stringify([this.columns.map((column) => flat[column] ?? '')]);
  }
}
