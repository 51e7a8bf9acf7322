/**
 * Pieces of JSON text for records written directly as text (data-return feeds), each equal
 * to what JSON.stringify writes for the same value, and cheaper per call on a feed's hot path.
 */

/** Characters JSON.stringify escapes (controls, quote, backslash) or checks (surrogates). */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `JSON.stringify(value)` for a string or null. */
export function quote(value: string | null): string {
  if (value === null) return 'null';
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

const DAY_MS = 86_400_000;
/** Up to the last millisecond of 9999-12-31: later years are written in extended form. */
const LAST_PLAIN_YEAR_MS = 253_402_300_799_999;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/**
 * `new Date(ms).toISOString()`: the date part is formatted once per day and the time of day
 * by arithmetic, about five times faster for the runs of nearby times a feed writes.
 */
export function isoTimestamp(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST_PLAIN_YEAR_MS) return new Date(ms).toISOString();
  let rest = ms % DAY_MS;
  const day = ms - rest;
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day).toISOString().slice(0, 11);
  }
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedDayPrefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}
