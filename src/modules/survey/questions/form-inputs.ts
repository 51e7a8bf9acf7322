import { escapeHtml as e } from '../../../lib/html.ts';

/** The largest option id a form may name (hashed ids of company-named options included). */
export const MAX_OPTION_ID = 2_147_483_647;

/** A radio button in its label; `labelHtml` is HTML already. */
export function radio(name: string, value: string, id: string, checked: boolean, labelHtml: string, ariaLabel?: string): string {
  const aria = ariaLabel ? ` aria-label="${e(ariaLabel)}"` : '';
  return `<label for="${e(id)}"><input type="radio" id="${e(id)}" name="${name}" value="${e(value)}"${checked ? ' checked' : ''}${aria}>${labelHtml}</label>`;
}

/** A checkbox in its label; `labelHtml` is HTML already. */
export function checkbox(name: string, value: string, id: string, checked: boolean, labelHtml: string): string {
  return `<label for="${id}"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? ' checked' : ''}>${labelHtml}</label>`;
}

/** The values that choose an option: empty values and `none` (the "no reward" radio) choose none. */
export function chosenValues(values: string[]): string[] {
  return values.filter((value) => value !== '' && value !== 'none');
}

/** The whole numbers from `min` to `max` that `values` spell, or the error naming `field`. */
export function wholeNumbers(values: string[], min: number, max: number, field: string): number[] | string {
  const numbers: number[] = [];
  for (const value of values) {
    if (!/^\d{1,10}$/.test(value)) return `${field} must be a whole number`;
    const n = Number(value);
    if (n < min || n > max) return `${field} must be from ${min} to ${max}`;
    numbers.push(n);
  }
  return numbers;
}
