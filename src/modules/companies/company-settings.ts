import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

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
});

export type CompanySettings = Static<typeof CompanySettingsSchema>;

/** Settings with defaults applied; invalid stored values fall back to their defaults. */
export function readSettings(stored: unknown): CompanySettings {
  const defaults = Value.Create(CompanySettingsSchema);
  const merged = Value.Clean(CompanySettingsSchema, { ...defaults, ...(stored as object) }) as Record<string, unknown>;
  for (const key of Object.keys(defaults) as (keyof CompanySettings)[]) {
    if (!Value.Check(CompanySettingsSchema.properties[key], merged[key])) merged[key] = defaults[key];
  }
  return merged as CompanySettings;
}
