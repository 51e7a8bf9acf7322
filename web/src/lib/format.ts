import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/*
 * Dates and numbers for the reader's language, in their browser's time zone (Intl). Formatters are
 * cached per language: building one is the expensive part.
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) cache.set(key, (value = make()));
  return value;
}

export function formatDateTime(iso: string, locale: string): string {
  return cached(`dt:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
}

export function formatDate(iso: string | Date, locale: string): string {
  return cached(`d:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(new Date(iso));
}

export function formatNumber(value: number, locale: string, fractionDigits = 0): string {
  return cached(`n:${locale}:${fractionDigits}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })).format(value);
}

/** 42.5 → "42.5 %" / "42,5 %" as the locale writes percentages. */
export function formatPercent(value: number, locale: string, fractionDigits = 1): string {
  return cached(`p:${locale}:${fractionDigits}`, () => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: fractionDigits })).format(value / 100);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 min ago", "yesterday", "in 2 hours" (Intl.RelativeTimeFormat); under a minute: "now". */
export function formatRelative(iso: string, locale: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}

let tick = Date.now();
const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

/** The current time, moving every 30 s while some component shows a relative time (a clock, not a data reload). */
export function useNow(): number {
  const [now, setNow] = useState(tick);
  useEffect(() => {
    listeners.add(setNow);
    if (!timer) timer = setInterval(() => { tick = Date.now(); listeners.forEach((listener) => listener(tick)); }, 30_000);
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer) { clearInterval(timer); timer = null; }
    };
  }, []);
  return now;
}

/** The language i18next is using, for Intl. */
export function useLocale(): string {
  return useTranslation().i18n.language;
}
