/**
 * The ISO 8601 forms a feed's date-time parameters take: a date (`2019-12-20`, midnight UTC), or a
 * date and time joined by `T` or a space, with minutes, optional seconds and a fraction (`.` or `,`,
 * up to 9 digits, read to the millisecond), and an optional offset (`Z`, `±hh`, `±hhmm` or `±hh:mm`;
 * none means UTC). Letters may be lower case.
 */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Days in `month` (1-12) of `year` in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Minutes east of UTC of an offset (`Z`, `+05`, `-0530`, `+05:30`), or null for one beyond 23:59. */
function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || 0);
  if (hours > 23 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Parses an ISO 8601 date or date-time (see ISO_8601) to epoch milliseconds. Strict: a date or
 * time that does not exist (`2019-02-30`, `2019-02-29`, month 13, hour 25, minute 60, second 60,
 * an offset past 23:59) is null, as is anything else that is not one of the forms. `24:00` (with
 * zero minutes, seconds and fraction) is the end of the day, as ISO 8601 allows.
 */
export function parseIsoDateTime(text: string): number | null {
  const match = ISO_8601.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const fraction = match[7] ?? '';
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const endOfDay = hour === 24 && minute === 0 && second === 0 && /^0*$/.test(fraction);
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) return null;
  const offset = offsetMinutes(match[8]);
  if (offset === null) return null;
  const time = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  time.setUTCFullYear(year, month - 1, day);
  time.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, '0')));
  return time.getTime() - offset * 60_000;
}
