import { InvalidInputError } from '../../lib/errors.ts';
import type { BrandCopy } from './brand-kit.ts';
import { DISPLAY_NAME_MAX } from './company-settings.ts';

/** The languages the survey speaks: brand copy is written for these. */
export const COPY_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'nl', 'it'] as const;
export type CopyLanguage = (typeof COPY_LANGUAGES)[number];

/** Longest text of each copy field. */
export const COPY_FIELDS = { subject: 150, greeting: 150, intro: 500, closing: 500 } as const satisfies Record<keyof BrandCopy, number>;
export type CopyField = keyof typeof COPY_FIELDS;

export const SENDER_NAME_MAX = 80;
export const SENDER_PLACEHOLDERS = ['first_name', 'brand'] as const;
export const COPY_PLACEHOLDERS = ['first_name', 'brand', 'customer'] as const;

/** Text (WCAG AA, normal size) needs this contrast on the white of emails and pages. */
export const MIN_CONTRAST = 4.5;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function checkDisplayName(value: string): string {
  const name = value.trim();
  if (name.length < 1 || name.length > DISPLAY_NAME_MAX) throw new InvalidInputError(`display_name: 1 to ${DISPLAY_NAME_MAX} characters (${name.length} given)`);
  return name;
}

/** `#rgb` or `#rrggbb` as lower-case `#rrggbb`, refused (with a darker suggestion) when text in it is hard to read on white. */
export function checkAccentColor(value: string): string {
  const text = value.trim();
  if (!HEX.test(text)) throw new InvalidInputError(`accent_color: "${value.slice(0, 20)}" is not a colour; use #rgb or #rrggbb, e.g. #1d4ed8`);
  const hex = normaliseHex(text);
  const ratio = contrastOnWhite(hex);
  if (ratio < MIN_CONTRAST) {
    throw new InvalidInputError(`accent_color ${hex} has ${formatRatio(ratio)}:1 contrast on white; text needs ${MIN_CONTRAST}:1 — try ${darkenToContrast(hex)}`);
  }
  return hex;
}

/** A sender name pattern: at most 80 characters, placeholders {first_name} and {brand} only. */
export function checkSenderName(value: string): string {
  const pattern = value.trim();
  if (pattern.length < 1 || pattern.length > SENDER_NAME_MAX) throw new InvalidInputError(`sender_name: 1 to ${SENDER_NAME_MAX} characters (${pattern.length} given)`);
  if (/[\r\n"<>]/.test(pattern)) throw new InvalidInputError('sender_name: no line breaks, quotes or angle brackets');
  checkPlaceholders('sender_name', pattern, SENDER_PLACEHOLDERS);
  return pattern;
}

/**
 * Copy by language: each language one of COPY_LANGUAGES, each field one of COPY_FIELDS within
 * its length, placeholders {first_name}, {brand} and {customer} only. Empty texts are dropped
 * (the built-in text is used), and so are languages left without text.
 */
export function checkCopy(value: unknown): Record<string, BrandCopy> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidInputError('copy: an object by language, e.g. {"en": {"subject": "..."}}');
  const result: Record<string, BrandCopy> = {};
  for (const [language, fields] of Object.entries(value as Record<string, unknown>)) {
    if (!(COPY_LANGUAGES as readonly string[]).includes(language)) throw new InvalidInputError(`copy.${language}: not a survey language; use ${COPY_LANGUAGES.join(', ')}`);
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new InvalidInputError(`copy.${language}: an object of ${Object.keys(COPY_FIELDS).join(', ')}`);
    const copy: BrandCopy = {};
    for (const [field, text] of Object.entries(fields as Record<string, unknown>)) {
      const name = `copy.${language}.${field}`;
      if (!(field in COPY_FIELDS)) throw new InvalidInputError(`${name}: unknown field; use ${Object.keys(COPY_FIELDS).join(', ')}`);
      if (text === null || text === undefined) continue;
      if (typeof text !== 'string') throw new InvalidInputError(`${name}: text`);
      const trimmed = text.trim();
      if (trimmed === '') continue;
      const max = COPY_FIELDS[field as CopyField];
      if (trimmed.length > max) throw new InvalidInputError(`${name}: at most ${max} characters (${trimmed.length} given)`);
      if ((field === 'subject' || field === 'greeting') && /[\r\n]/.test(trimmed)) throw new InvalidInputError(`${name}: one line`);
      checkPlaceholders(name, trimmed, COPY_PLACEHOLDERS);
      copy[field as CopyField] = trimmed;
    }
    if (Object.keys(copy).length > 0) result[language] = copy;
  }
  return result;
}

function checkPlaceholders(name: string, text: string, allowed: readonly string[]): void {
  const used = [...text.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]);
  const unknown = [...new Set(used.filter((placeholder) => !allowed.includes(placeholder)))];
  if (unknown.length > 0) {
    const list = unknown.map((placeholder) => `{${placeholder}}`).join(', ');
    throw new InvalidInputError(`${name}: unknown placeholder${unknown.length > 1 ? 's' : ''} ${list}; use ${allowed.map((p) => `{${p}}`).join(', ')}`);
  }
}

export function normaliseHex(hex: string): string {
  const digits = hex.slice(1).toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits}`;
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: number[]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of a #rrggbb colour against white (1 to 21). */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** One decimal, never rounded up past the real ratio (4.49 shows as 4.4, not 4.5). */
export function formatRatio(ratio: number): string {
  return (Math.floor(ratio * 10) / 10).toFixed(1);
}

/** The lightest darker shade of the colour (same hue: every channel scaled alike) with enough contrast on white. */
export function darkenToContrast(hex: string, min = MIN_CONTRAST): string {
  const base = channels(hex);
  let low = 0;
  let high = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (low + high) / 2;
    if (contrastOnWhite(toHex(base.map((c) => Math.floor(c * mid)))) >= min) low = mid;
    else high = mid;
  }
  return toHex(base.map((c) => Math.floor(c * low)));
}
