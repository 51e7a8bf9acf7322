/**
 * Calendar days in a company's time zone, as integers (days since 1970-01-01 of the local date),
 * so weeks and months are arithmetic in SQL and in JS alike.
 */

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** UTC offsets (ms) by time zone and quarter hour: every zone's offset changes on a quarter hour. */
const offsets = new Map<string, Map<number, number>>();

export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's UTC offset at `ms`, in ms (local = UTC + offset). */
export function utcOffset(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let byQuarter = offsets.get(timeZone);
  if (!byQuarter) offsets.set(timeZone, (byQuarter = new Map()));
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    const parts: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(quarter * QUARTER_HOUR_MS)) parts[part.type] = Number(part.value);
    const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    offset = local - quarter * QUARTER_HOUR_MS;
    if (byQuarter.size > 50_000) byQuarter.clear();
    byQuarter.set(quarter, offset);
  }
  return offset;
}

/** The local calendar day of the instant `ms` in `timeZone`. */
export function localDay(ms: number, timeZone: string): number {
  return Math.floor((ms + utcOffset(ms, timeZone)) / DAY_MS);
}

/** The instant local `day` begins in `timeZone` (the first instant whose local day is `day`). */
export function dayStart(day: number, timeZone: string): number {
  let guess = day * DAY_MS;
  for (let i = 0; i < 3; i++) guess = day * DAY_MS - utcOffset(guess, timeZone);
  // A day that begins inside a DST gap starts at the gap's end.
  while (localDay(guess, timeZone) < day) guess += QUARTER_HOUR_MS;
  while (localDay(guess - 1, timeZone) >= day) guess -= QUARTER_HOUR_MS;
  return guess;
}

/** Monday of the ISO week of `day` (1970-01-01 was a Thursday). */
export function weekOf(day: number): number {
  return day - (((day + 3) % 7) + 7) % 7;
}

/** Months since January 1970 of `day`. */
export function monthOf(day: number): number {
  const date = new Date(day * DAY_MS);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

/** The first day of a month numbered as monthOf. */
export function monthStart(month: number): number {
  // Date.UTC carries months beyond 0..11 into the year (month -1 is December 1969).
  return Date.UTC(1970, month, 1) / DAY_MS;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` as a day number, or undefined when it is not a real date. */
export function parseIsoDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}
