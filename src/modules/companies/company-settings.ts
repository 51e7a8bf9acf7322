import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { InvalidInputError } from '../../lib/errors.ts';
import { isTimeZone } from '../reports/local-time.ts';
import { SUPPORTED_LANGUAGES } from '../survey/i18n/translations.ts';

/** Follow-up questions a company can turn on or off (the star rating is always asked). */
export const OPTIONAL_QUESTIONS = ['areas_of_excellence', 'areas_of_improvement', 'nps', 'fcr', 'rewards'] as const;

const Names = (defaults: string[], description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 30, default: defaults, description });

/** Per-company settings, stored as JSON on the company. Unknown keys are dropped on read. */
export const CompanySettingsSchema = Type.Object({
  /** Minutes between a request and its survey email. */
  send_delay_minutes: Type.Integer({ minimum: 0, maximum: 10_080, default: 0 }),
  /** At most one survey per customer email and brand in this many days (0 disables). */
  suppression_days: Type.Integer({ minimum: 0, maximum: 365, default: 7 }),
  /** A survey is finished this many minutes after its first answer. */
  survey_finished_after_minutes: Type.Integer({ minimum: 1, maximum: 43_200, default: 60 }),
  /** Survey links stop working this many days after the request. */
  survey_expiry_days: Type.Integer({ minimum: 1, maximum: 365, default: 14 }),
  /** Follow-up questions asked after the star rating. */
  enabled_questions: Type.Array(Type.Union(OPTIONAL_QUESTIONS.map((q) => Type.Literal(q))), {
    default: [...OPTIONAL_QUESTIONS],
    maxItems: OPTIONAL_QUESTIONS.length,
  }),
  /** Choices of "What did {first name} do particularly well?" (4-5 stars). */
  areas_of_excellence: Names(['Friendly', 'Knowledgeable', 'Efficient', 'Helpful', 'Patient', 'Clear'], 'excellence options'),
  /** Choices of "What could {first name} have done better?" (1-3 stars). */
  areas_of_improvement: Names(['Friendliness', 'Knowledge', 'Speed', 'Clarity', 'Follow-up'], 'improvement options'),
  /** Rewards a happy customer can pick for the agent (4-5 stars); empty hides the question. */
  reward_names: Names([], 'reward names'),
  /** Where the survey page asks for the one comment: right after the star rating, or as the last question. */
  comment_position: Type.Union([Type.Literal('after_rating'), Type.Literal('end')], { default: 'after_rating' }),
  /**
   * Translations of the answer options (areas of excellence and improvement, reward names) by
   * language, then by the option's English text: `{ fr: { Friendly: 'Aimable' } }`. Answers keep
   * the English text; the page shows the translation (else a built-in one for default options).
   */
  option_translations: Type.Record(Type.String(), Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 80 })), { default: {} }),
  /** Reply-To of survey emails: empty for none, "agent" for the agent's address, or an email address. */
  reply_to: Type.String({ maxLength: 320, default: '' }),
  /** Accept JWTs without `iat`, or with an `iat` up to 14 hours in the future (clients with naive clocks). */
  accept_legacy_jwt: Type.Boolean({ default: false }),
  /** IANA time zone of the company's reports: days, weeks (Monday) and months, and the weekly digest's Monday. */
  time_zone: Type.String({ minLength: 1, maxLength: 64, default: 'UTC' }),
});

export type CompanySettings = Static<typeof CompanySettingsSchema>;
export type SettingKey = keyof CompanySettings;

/** Longest brand display name. */
export const DISPLAY_NAME_MAX = 120;

/**
 * The settings as `company show` / `company set` print and take them: the stored settings plus
 * `brand_display_names` (brand name → display name), which lives in brands.display_name.
 */
export type SettingsView = CompanySettings & { brand_display_names: Record<string, string> };

/** Settings with defaults applied; invalid stored values fall back to their defaults. */
export function readSettings(stored: unknown): CompanySettings {
  const defaults = Value.Create(CompanySettingsSchema);
  const merged = Value.Clean(CompanySettingsSchema, { ...defaults, ...(stored as object) }) as Record<string, unknown>;
  for (const key of Object.keys(defaults) as SettingKey[]) {
    if (!Value.Check(CompanySettingsSchema.properties[key], merged[key])) merged[key] = defaults[key];
  }
  if (!isTimeZone(merged.time_zone as string)) merged.time_zone = defaults.time_zone;
  return merged as CompanySettings;
}

/**
 * Applies `key=value` assignments as typed by `agent-connect company set`:
 * integers as digits, lists comma-separated, `brand_display_names.<brand>=<name>`
 * (empty value removes it), `enabled_questions=nps,fcr`. Throws naming the bad key, the bad
 * item and what is allowed; a display name is only accepted for one of `brands` (the company's).
 */
export function applySettingAssignments(current: SettingsView, assignments: string[], brands: string[]): SettingsView {
  const next: Record<string, unknown> = structuredClone(current);
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new InvalidInputError(`"${assignment}" is not key=value`);
    const key = assignment.slice(0, eq).trim();
    const raw = assignment.slice(eq + 1).trim();
    if (key.startsWith('option_translations.')) {
      next.option_translations = withOptionTranslation(next.option_translations as OptionTranslations, key.slice('option_translations.'.length), raw);
      continue;
    }
    if (key.startsWith('brand_display_names.')) {
      next.brand_display_names = withDisplayName(next.brand_display_names as Record<string, string>, key.slice('brand_display_names.'.length), raw, brands);
      continue;
    }
    if (key === 'brand_display_names') {
      next.brand_display_names = checkedDisplayNames(current.brand_display_names, parseNames(raw), brands);
      continue;
    }
    const schema = (CompanySettingsSchema.properties as Record<string, (typeof CompanySettingsSchema.properties)[SettingKey]>)[key];
    if (!schema) throw new InvalidInputError(`unknown setting "${key}"; known: ${[...Object.keys(CompanySettingsSchema.properties), 'brand_display_names'].join(', ')}`);
    const value = parseValue(key, raw);
    if (key === 'option_translations') {
      const isTexts = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
      if (!isTexts(value) || !Object.values(value as object).every((texts) => isTexts(texts) && Object.values(texts).every((t) => typeof t === 'string'))) {
        throw new InvalidInputError('invalid value for option_translations: a JSON object such as {"fr":{"Friendly":"Aimable"}}');
      }
      next[key] = value;
      continue;
    }
    if (Array.isArray(value)) checkListItems(key, schema as unknown as ListSchema, value);
    if (!Value.Check(schema, value)) throw new InvalidInputError(`invalid value for ${key}: ${describe(schema)}`);
    if (key === 'time_zone' && !isTimeZone(raw)) throw new InvalidInputError('invalid value for time_zone: an IANA time zone name such as Europe/Paris or America/New_York');
    if (key === 'reply_to' && raw !== '' && raw !== 'agent' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) {
      throw new InvalidInputError('invalid value for reply_to: empty, "agent" or an email address');
    }
    next[key] = value;
  }
  const result = next as SettingsView;
  result.option_translations = checkedOptionTranslations(current.option_translations, result);
  return result;
}

type OptionTranslations = Record<string, Record<string, string>>;

/** `translations` with `<language>.<English option text>` set to `text` (removed when `text` is empty). */
function withOptionTranslation(translations: OptionTranslations, path: string, text: string): OptionTranslations {
  const dot = path.indexOf('.');
  if (dot <= 0 || dot === path.length - 1) throw new InvalidInputError(`"option_translations.${path}" is not option_translations.<language>.<option>=<text>`);
  const language = path.slice(0, dot).toLowerCase();
  const option = path.slice(dot + 1);
  const result = structuredClone(translations);
  if (text === '') {
    if (result[language]) delete result[language][option];
    if (result[language] && Object.keys(result[language]).length === 0) delete result[language];
    return result;
  }
  result[language] = { ...result[language], [option]: text };
  return result;
}

/**
 * The translations to store: every entry this change adds or changes is for a language of the
 * survey pages and one of the company's options, at most 80 characters (else an error naming
 * `option_translations.<language>.<option>`); entries of options since removed are dropped.
 */
function checkedOptionTranslations(previous: OptionTranslations, settings: CompanySettings): OptionTranslations {
  const options = new Set([...settings.areas_of_excellence, ...settings.areas_of_improvement, ...settings.reward_names]);
  const result: OptionTranslations = {};
  for (const [language, texts] of Object.entries(settings.option_translations)) {
    for (const [option, text] of Object.entries(texts)) {
      const name = `option_translations.${language}.${option}`;
      const unchanged = previous[language]?.[option] === text;
      if (!options.has(option)) {
        if (unchanged) continue;
        throw new InvalidInputError(`invalid key ${name}: "${option}" is not an option of this company; options: ${[...options].join(', ')}`);
      }
      if (!unchanged) {
        if (!SUPPORTED_LANGUAGES.includes(language)) throw new InvalidInputError(`invalid key ${name}: "${language}" is not a survey language; languages: ${SUPPORTED_LANGUAGES.join(', ')}`);
        if (typeof text !== 'string' || text.trim() === '') throw new InvalidInputError(`invalid value for ${name}: a text of 1 to 80 characters`);
        if (text.length > 80) throw new InvalidInputError(`invalid value for ${name}: at most 80 characters (${text.length} given)`);
      }
      (result[language] ??= {})[option] = text.trim();
    }
  }
  return result;
}

/** `brand_display_names={"brand":"Name",...}`: a JSON object of non-empty texts. */
function parseNames(raw: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const valid = value !== null && typeof value === 'object' && !Array.isArray(value)
    && Object.values(value as object).every((name) => typeof name === 'string' && name.length >= 1 && name.length <= DISPLAY_NAME_MAX);
  if (!valid) throw new InvalidInputError('invalid value for brand_display_names: a JSON object');
  return value as Record<string, string>;
}

/** `names` with the display name of `brand` set to `name` (or removed when `name` is empty). */
function withDisplayName(names: Record<string, string>, brand: string, name: string, brands: string[]): Record<string, string> {
  const result = { ...names };
  const known = brands.find((b) => b.toLowerCase() === brand.trim().toLowerCase());
  if (name === '') {
    const stored = known ?? Object.keys(result).find((b) => b.toLowerCase() === brand.trim().toLowerCase());
    if (stored === undefined) throw unknownBrand(brand, brands);
    delete result[stored];
    return result;
  }
  if (known === undefined) throw unknownBrand(brand, brands);
  const limit = DISPLAY_NAME_MAX;
  if (name.length > limit) throw new InvalidInputError(`invalid value for brand_display_names.${known}: at most ${limit} characters (${name.length} given)`);
  result[known] = name;
  return result;
}

/** A whole `brand_display_names={...}` object: every name it sets or changes is for a brand of the company. */
function checkedDisplayNames(previous: Record<string, string>, names: Record<string, string>, brands: string[]): Record<string, string> {
  let result: Record<string, string> = {};
  for (const [brand, name] of Object.entries(names)) {
    if (previous[brand] === name) result[brand] = name;
    else result = withDisplayName(result, brand, name, brands);
  }
  return result;
}

function unknownBrand(brand: string, brands: string[]): InvalidInputError {
  return new InvalidInputError(`unknown brand "${brand}" in brand_display_names.${brand}; brands of this company: ${brands.join(', ')}`);
}

interface ListSchema {
  maxItems?: number;
  items: { maxLength?: number; anyOf?: { const: string }[] };
}

/** Names the first list item that is not allowed (and what is), or a list that is too long. */
function checkListItems(key: string, schema: ListSchema, items: unknown[]): void {
  const allowed = schema.items.anyOf?.map((choice) => choice.const);
  if (allowed) {
    const bad = items.filter((item) => !allowed.includes(item as string));
    if (bad.length > 0) {
      const names = bad.map((item) => `"${item}"`).join(', ');
      throw new InvalidInputError(`invalid value for ${key}: ${names} ${bad.length === 1 ? 'is' : 'are'} not allowed; allowed: ${allowed.join(', ')}`);
    }
  }
  const limit = schema.items.maxLength;
  const long = limit === undefined ? undefined : items.find((item) => String(item).length > limit);
  if (long !== undefined) throw new InvalidInputError(`invalid value for ${key}: "${String(long).slice(0, 40)}…" is longer than ${limit} characters`);
  if (schema.maxItems !== undefined && items.length > schema.maxItems) {
    throw new InvalidInputError(`invalid value for ${key}: at most ${schema.maxItems} items (${items.length} given)`);
  }
}

function parseValue(key: string, raw: string): unknown {
  const kind = (CompanySettingsSchema.properties as Record<string, { type?: string }>)[key].type;
  if (kind === 'integer') return /^\d+$/.test(raw) ? Number(raw) : raw;
  if (kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (kind === 'array') return raw === '' ? [] : [...new Set(raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
  if (kind === 'object') {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function describe(schema: { type?: string; minimum?: number; maximum?: number; anyOf?: { const?: unknown }[] }): string {
  if (schema.anyOf) return `one of ${schema.anyOf.map((choice) => choice.const).join(', ')}`;
  if (schema.type === 'integer') return `a whole number from ${schema.minimum} to ${schema.maximum}`;
  if (schema.type === 'array') return 'a comma-separated list of allowed values';
  if (schema.type === 'object') return 'a JSON object';
  if (schema.type === 'boolean') return 'true or false';
  return 'text';
}
