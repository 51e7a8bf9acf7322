import { stringify } from 'csv-stringify/sync';

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
