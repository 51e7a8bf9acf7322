import { isoDay, monthOf, monthStart, weekOf } from '../../../../src/modules/reports/local-time.ts';
import type { Bucket, DayRange } from './reports-search.ts';

/** Every bucket key (a day, the Monday of a week, the first of a month) of the period, in order, so a chart has no missing points. */
export function bucketKeys(bucket: Bucket, range: DayRange): string[] {
  const keys: string[] = [];
  if (bucket === 'day') for (let d = range.from; d <= range.to; d++) keys.push(isoDay(d));
  else if (bucket === 'week') for (let d = weekOf(range.from); d <= range.to; d += 7) keys.push(isoDay(d));
  else for (let m = monthOf(range.from); monthStart(m) <= range.to; m++) keys.push(isoDay(monthStart(m)));
  return keys;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A bucket's label: "3 Nov" for a day or a week (its Monday), "Nov 2026" for a month. Keys are calendar dates: formatted in UTC. */
export function bucketLabel(bucket: Bucket, key: string, locale: string, long = false): string {
  const options: Intl.DateTimeFormatOptions = bucket === 'month' ? { month: long ? 'long' : 'short', year: 'numeric', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC', ...(long ? { year: 'numeric' } : {}) };
  const id = `${locale}:${bucket}:${long}`;
  let format = formats.get(id);
  if (!format) formats.set(id, (format = new Intl.DateTimeFormat(locale, options)));
  return format.format(new Date(`${key}T00:00:00Z`));
}

/** A day number as a date for people ("3 Nov 2026"). */
export function dayLabel(day: number, locale: string): string {
  return bucketLabel('day', isoDay(day), locale, true);
}
