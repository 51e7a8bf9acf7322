import type { Brand, Company } from '../companies/companies.repository.ts';
import { isCountryCode, isHttpUrl, isLanguageTag } from '../../lib/validators.ts';

/** Longest string value kept; longer values are truncated, as the provider documents. */
export const MAX_STRING_LENGTH = 2000;

/** The value itself, or when a string in it (object values, array items) is longer than 2,000 characters, a copy with those cut. */
export function truncateStrings<T>(value: T): T {
  return hasLongString(value) ? truncated(value) : value;
}

function hasLongString(value: unknown): boolean {
  if (typeof value === 'string') return value.length > MAX_STRING_LENGTH;
  if (Array.isArray(value)) return value.some(hasLongString);
  if (value && typeof value === 'object') {
    for (const key in value) if (hasLongString((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function truncated<T>(value: T): T {
  if (typeof value === 'string') return (value.length > MAX_STRING_LENGTH ? value.slice(0, MAX_STRING_LENGTH) : value) as T;
  if (Array.isArray(value)) return value.map(truncated) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, truncated(item)])) as T;
  }
  return value;
}

/** The value when it is a non-empty string after trimming, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Each check appends messages to `errors` and returns the normalised value (or null). */
export class FieldChecks {
  readonly errors: string[] = [];

  constructor(private readonly company: Company) {}

  channel(value: unknown): string | null {
    const channel = text(value);
    if (channel === null) {
      // Missing or not a string is reported by the schema; a blank string is not.
      if (typeof value === 'string') this.errors.push(`channel must be one of: ${this.company.channels.join(', ')}`);
      return null;
    }
    const match = this.company.channels.find((known) => sameText(known, channel));
    if (!match) this.errors.push(`channel must be one of: ${this.company.channels.join(', ')}`);
    return match ?? null;
  }

  brand(value: unknown): Brand | null {
    const name = text(value);
    const brands = this.company.brands;
    if (name === null) {
      if (brands.length === 1) return brands[0];
      this.errors.push(`brand is required because the company has several brands: ${brands.map((b) => b.name).join(', ')}`);
      return null;
    }
    const match = brands.find((brand) => sameText(brand.name, name));
    if (!match) this.errors.push(`brand must be one of: ${brands.map((b) => b.name).join(', ')}`);
    return match ?? null;
  }

  language(value: unknown): string {
    const languages = this.company.languages;
    const tag = text(value);
    if (tag === null) {
      if (languages.length > 1) this.errors.push(`language is required because the company has several languages: ${languages.join(', ')}`);
      return languages[0] ?? 'en';
    }
    if (!isLanguageTag(tag)) {
      this.errors.push('language must be a language tag such as en or en-US');
      return languages[0] ?? 'en';
    }
    if (languages.length > 1) {
      const primary = tag.split('-')[0];
      const known = languages.some((language) => sameText(language, tag) || sameText(language.split('-')[0], primary));
      if (!known) this.errors.push(`language must be one of: ${languages.join(', ')}`);
    }
    return tag;
  }

  country(value: unknown): string | null {
    const code = text(value);
    if (code === null) return null;
    if (!isCountryCode(code)) {
      this.errors.push('country must be an ISO 3166-1 alpha-2 code such as US or GB');
      return null;
    }
    return code.toUpperCase();
  }

  externalUrl(value: unknown): string | null {
    const url = text(value);
    if (url !== null && !isHttpUrl(url)) this.errors.push('external_url must be an http or https URL');
    return url;
  }
}
