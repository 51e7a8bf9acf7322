import { useEffect, useState } from 'react';

/*
 * Report periods as calendar days (YYYY-MM-DD) in the company's time zone, the days the reports
 * API counts in: "this week" is Monday to Sunday there, whatever the reader's clock says. Presets
 * cover whole calendar units (this week = Monday to Sunday), so the dates, and the cached queries
 * keyed on them, stay the same all week; they move when the day does.
 */

export type PeriodPreset = 'this-week' | 'last-week' | 'this-month' | 'last-30' | 'last-90' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['this-week', 'last-week', 'this-month', 'last-30', 'last-90', 'custom'];

export interface DayRange { from: string; to: string }

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that is a real date, or undefined. */
export function isoDayOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_DAY.test(value)) return undefined;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value ? undefined : value;
}

const toDays = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const fromDays = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** `day` moved by `delta` days. */
export function addDays(day: string, delta: number): string {
  return fromDays(toDays(day) + delta);
}

/** The Monday of the ISO week `day` is in. */
export function mondayOf(day: string): string {
  const days = toDays(day);
  // 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Mondays.
  return fromDays(days - ((days + 3) % 7 + 7) % 7);
}

/** Today's date in `timeZone` (an IANA name; the browser's own when it is unknown). */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The days of a preset, seen from `today`. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: string): DayRange {
  switch (preset) {
    case 'this-week': {
      const monday = mondayOf(today);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'last-week': {
      const monday = addDays(mondayOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'this-month': {
      const first = `${today.slice(0, 8)}01`;
      const next = new Date(Date.parse(`${first}T00:00:00Z`));
      next.setUTCMonth(next.getUTCMonth() + 1);
      return { from: first, to: addDays(next.toISOString().slice(0, 10), -1) };
    }
    case 'last-30':
      return { from: addDays(today, -29), to: today };
    case 'last-90':
      return { from: addDays(today, -89), to: today };
  }
}

/** The days of a period: a preset, or custom days (a missing end is today, a missing start 30 days before it). */
export function periodRange(preset: PeriodPreset, today: string, custom: { from?: string; to?: string } = {}): DayRange {
  if (preset !== 'custom') return presetRange(preset, today);
  const to = custom.to ?? today;
  const from = custom.from ?? addDays(to, -29);
  return from <= to ? { from, to } : { from: to, to: from };
}

/** The Mondays of the weeks that overlap a range, oldest first (at most `max`, the latest ones). */
export function weeksOf(range: DayRange, max = 160): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(range.from); monday <= range.to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks.slice(-max);
}

/**
 * Today in the company's time zone, kept current: checked every minute and when the tab comes
 * back into view, so a page left open (a TV) moves to the next day and week by itself.
 */
export function useToday(timeZone: string | undefined): string {
  const [today, setToday] = useState(() => todayIn(timeZone));
  useEffect(() => {
    const check = () => setToday(todayIn(timeZone));
    check();
    const timer = setInterval(check, 60_000);
    const onVisible = () => document.visibilityState === 'visible' && check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [timeZone]);
  return today;
}
