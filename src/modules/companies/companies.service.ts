import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import { generateApiKey, generateApiSecret, sha256Hex } from '../../lib/secrets.ts';
import { isEmail, isLanguageTag, isSubdomain } from '../../lib/validators.ts';
import { rebuildCompanyRollups } from '../reports/rollup-rebuild.ts';
import type { CompaniesRepository, Company } from './companies.repository.ts';
import { applySettingAssignments, type SettingsView } from './company-settings.ts';
import type { CredentialCache } from './credential-cache.ts';

export interface CreateCompanyInput {
  name: string;
  subdomain: string;
  brands?: string[];
  channels?: string[];
  languages?: string[];
  testEmail?: string | null;
}

/** Shown once at creation or rotation; only hashes of the keys are stored. */
export interface CompanyCredentials {
  id: number;
  name: string;
  subdomain: string;
  api_key: string;
  test_api_key: string;
  api_secret: string;
}

/** What `company show` prints: everything but credentials (only their hashes are stored anyway). */
export interface CompanyDescription {
  id: number;
  name: string;
  subdomain: string;
  test_email: string | null;
  brands: string[];
  channels: string[];
  languages: string[];
  /** The stored settings and brand_display_names (brands.display_name by brand name). */
  settings: SettingsView;
}

export const DEFAULT_CHANNELS = ['phone', 'chat', 'email'];
export const DEFAULT_LANGUAGES = ['en'];

export class CompaniesService {
  constructor(
    private readonly repository: CompaniesRepository,
    private readonly cache: CredentialCache,
  ) {}

  async create(input: CreateCompanyInput): Promise<CompanyCredentials> {
    const name = input.name.trim();
    const subdomain = input.subdomain.trim().toLowerCase();
    if (!name) throw new InvalidInputError('name must not be empty');
    if (!isSubdomain(subdomain)) {
      throw new InvalidInputError(`subdomain "${input.subdomain}" must be a DNS label (a-z, 0-9 and -, at most 63 characters)`);
    }
    const brands = unique(input.brands?.length ? input.brands : [subdomain], 'brand');
    const channels = unique(input.channels?.length ? input.channels : DEFAULT_CHANNELS, 'channel');
    const languages = unique(input.languages?.length ? input.languages : DEFAULT_LANGUAGES, 'language');
    for (const language of languages) {
      if (!isLanguageTag(language)) throw new InvalidInputError(`language "${language}" is not a language tag such as en or en-US`);
    }
    const testEmail = input.testEmail?.trim() || null;
    if (testEmail && !isEmail(testEmail)) throw new InvalidInputError(`test email "${testEmail}" is not a valid email address`);
    if ((await this.repository.findIdBySubdomain(subdomain)) !== null) {
      throw new InvalidInputError(`subdomain "${subdomain}" is already taken`);
    }
    const credentials = newCredentials();
    const id = await this.repository.create({ name, subdomain, testEmail, brands, channels, languages }, credentials.hashes);
    return { id, name, subdomain, ...credentials.plain };
  }

  async rotateCredentials(subdomain: string): Promise<CompanyCredentials> {
    const company = await this.requireBySubdomain(subdomain);
    const credentials = newCredentials();
    await this.repository.replaceCredentials(company.id, credentials.hashes);
    this.cache.clear();
    return { id: company.id, name: company.name, subdomain: company.subdomain, ...credentials.plain };
  }

  async list(): Promise<Company[]> {
    const ids = await this.repository.listIds();
    const companies = await Promise.all(ids.map((id) => this.repository.load(id)));
    return companies.filter((company): company is Company => company !== null);
  }

  async requireBySubdomain(subdomain: string): Promise<Company> {
    const id = await this.repository.findIdBySubdomain(subdomain.trim().toLowerCase());
    const company = id === null ? null : await this.repository.load(id);
    if (!company) throw new InvalidInputError(`no company with subdomain "${subdomain}"`);
    return company;
  }

  /** `company set`: applies `key=value` assignments and stores them; caches everywhere refresh. */
  async setSettings(subdomain: string, assignments: string[]): Promise<SettingsView> {
    const company = await this.requireBySubdomain(subdomain);
    const current = settingsView(company);
    const { brand_display_names: names, ...settings } = applySettingAssignments(current, assignments, company.brands.map((brand) => brand.name));
    // Display names live on the brands (brands.display_name): only those that changed are written.
    const changed = new Map<number, string | null>();
    for (const brand of company.brands) {
      const name = names[brand.name] ?? null;
      if (name !== (brand.kit.displayName ?? null)) changed.set(brand.id, name);
    }
    // Report days are local days: a new time zone rebuilds the company's rollups with the setting.
    const rebuild = settings.time_zone !== company.settings.time_zone;
    const alsoInTransaction = rebuild || changed.size > 0
      ? async (trx: Transaction<Database>) => {
        for (const [brandId, name] of changed) {
          await trx.updateTable('brands').set({ display_name: name }).where('company_id', '=', company.id).where('id', '=', brandId).execute();
        }
        if (rebuild) await rebuildCompanyRollups(trx, company.id);
      }
      : undefined;
    await this.repository.updateSettings(company.id, settings, alsoInTransaction);
    this.cache.clear();
    return { ...settings, brand_display_names: names };
  }

  /** `company show`: the company and every setting, without its keys or secret. */
  async describe(subdomain: string): Promise<CompanyDescription> {
    const company = await this.requireBySubdomain(subdomain);
    return {
      id: company.id,
      name: company.name,
      subdomain: company.subdomain,
      test_email: company.testEmail,
      brands: company.brands.map((brand) => brand.name),
      channels: company.channels,
      languages: company.languages,
      settings: settingsView(company),
    };
  }

  async count(): Promise<number> {
    return this.repository.countAll();
  }
}

/** The stored settings with the brands' display names, as `company show` prints them. */
export function settingsView(company: Company): SettingsView {
  const names: Record<string, string> = {};
  for (const brand of company.brands) if (brand.kit.displayName) names[brand.name] = brand.kit.displayName;
  return { ...company.settings, brand_display_names: names };
}

function unique(values: string[], what: string): string[] {
  const trimmed = values.map((value) => value.trim());
  if (trimmed.some((value) => value === '')) throw new InvalidInputError(`${what} names must not be empty`);
  const seen = new Set<string>();
  for (const value of trimmed) {
    if (seen.has(value.toLowerCase())) throw new InvalidInputError(`${what} "${value}" is given twice`);
    seen.add(value.toLowerCase());
  }
  return trimmed;
}

function newCredentials() {
  const plain = { api_key: generateApiKey('production'), test_api_key: generateApiKey('test'), api_secret: generateApiSecret() };
  return {
    plain,
    hashes: {
      productionKeyHash: sha256Hex(plain.api_key),
      testKeyHash: sha256Hex(plain.test_api_key),
      productionKeyPrefix: plain.api_key.slice(0, 12),
      testKeyPrefix: plain.test_api_key.slice(0, 12),
      apiSecret: plain.api_secret,
    },
  };
}
