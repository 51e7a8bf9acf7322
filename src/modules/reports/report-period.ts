import { InvalidInputError } from '../../lib/errors.ts';
import { isoDay, localDay, parseIsoDay } from './local-time.ts';
import { SLICE_NAMES, TIME_BUCKETS, type GroupBy } from './reports.schemas.ts';

/** The longest period a report covers (3 years and a leap day). */
export const MAX_PERIOD_DAYS = 3 * 366;

export interface Period {
  fromDay: number;
  toDay: number;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A date, or the local day a date-time falls on in `timeZone`; the error names the parameter. */
export function dayOf(text: string, name: string, timeZone: string): number {
  const day = parseIsoDay(text);
  if (day !== undefined) return day;
  const ms = DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidInputError(`${name} must be an ISO 8601 date (2026-11-01) or date-time (2026-11-01T00:00:00Z)`);
  return localDay(ms, timeZone);
}

export function period(from: string, to: string, timeZone: string): Period {
  const fromDay = dayOf(from, 'from', timeZone);
  const toDay = dayOf(to, 'to', timeZone);
  if (toDay < fromDay) throw new InvalidInputError(`to (${isoDay(toDay)}) must not be before from (${isoDay(fromDay)})`);
  if (toDay - fromDay + 1 > MAX_PERIOD_DAYS) throw new InvalidInputError(`the period from ${isoDay(fromDay)} to ${isoDay(toDay)} is longer than ${MAX_PERIOD_DAYS} days`);
  return { fromDay, toDay };
}

/** The period of the same number of days just before. */
export function previousPeriod({ fromDay, toDay }: Period): Period {
  const days = toDay - fromDay + 1;
  return { fromDay: fromDay - days, toDay: fromDay - 1 };
}

const GROUPS: readonly string[] = [...SLICE_NAMES, ...TIME_BUCKETS];

/** `group_by=employee,week` as a list: up to two distinct slices, at most one of them a time bucket. */
export function parseGroupBy(text: string | undefined): GroupBy[] {
  if (text === undefined || text.trim() === '') return [];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !GROUPS.includes(name));
  if (unknown !== undefined) throw new InvalidInputError(`group_by: "${unknown}" is not a slice; use up to two of ${GROUPS.join(', ')}`);
  if (new Set(names).size !== names.length) throw new InvalidInputError('group_by names a slice twice');
  if (names.length > 2) throw new InvalidInputError('group_by takes at most two slices');
  if (names.filter((name) => (TIME_BUCKETS as readonly string[]).includes(name)).length > 1) throw new InvalidInputError('group_by takes at most one of day, week and month');
  return names as GroupBy[];
}
