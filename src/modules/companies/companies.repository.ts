import type { Kysely, Transaction } from 'kysely';
import { lockSequence } from '../../db/sequence.ts';
import { bumpCacheEpoch, readCacheEpoch } from '../../db/cache-epoch.ts';
import type { Database } from '../../db/schema.ts';
import { parseJson } from '../../lib/json.ts';
import { brandKitOf, type BrandKit } from './brand-kit.ts';
import { readSettings, type CompanySettings } from './company-settings.ts';

export interface Brand {
  id: number;
  name: string;
  displayName: string;
  kit: BrandKit;
}

/** Everything the hot paths need to know about a company, cached by the credential cache. */
export interface Company {
  id: number;
  name: string;
  subdomain: string;
  testEmail: string | null;
  channels: string[];
  languages: string[];
  settings: CompanySettings;
  brands: Brand[];
  apiSecret: string;
}

export interface CompanyKeyHashes {
  productionKeyHash: string;
  testKeyHash: string;
  productionKeyPrefix: string;
  testKeyPrefix: string;
  apiSecret: string;
}

export interface NewCompany {
  name: string;
  subdomain: string;
  testEmail: string | null;
  channels: string[];
  languages: string[];
  brands: string[];
}

export class CompaniesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the company with its brands, credentials and sequence counter in one transaction. */
  async create(input: NewCompany, keys: CompanyKeyHashes): Promise<number> {
    const now = Date.now();
    return this.db.transaction().execute(async (trx) => {
      const company = await trx
        .insertInto('companies')
        .values({
          name: input.name,
          subdomain: input.subdomain,
          test_email: input.testEmail,
          channels: JSON.stringify(input.channels),
          languages: JSON.stringify(input.languages),
          settings: '{}',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const companyId = Number(company.id);
      await trx
        .insertInto('brands')
        .values(input.brands.map((name) => ({ company_id: companyId, name, display_name: null, created_at: now })))
        .execute();
      await trx.insertInto('company_sequences').values({ company_id: companyId, last_value: 0 }).execute();
      await this.insertCredentials(trx, companyId, keys, now);
      return companyId;
    });
  }

  /** Revokes the company's keys and secret and stores new ones. */
  async replaceCredentials(companyId: number, keys: CompanyKeyHashes): Promise<void> {
    const now = Date.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('company_id', '=', companyId)
        .where('revoked_at', 'is', null)
        .execute();
      await trx
        .updateTable('api_secrets')
        .set({ revoked_at: now })
        .where('company_id', '=', companyId)
        .where('revoked_at', 'is', null)
        .execute();
      await this.insertCredentials(trx, companyId, keys, now);
    });
    await this.bumpCacheEpoch();
  }

  private async insertCredentials(trx: Kysely<Database>, companyId: number, keys: CompanyKeyHashes, now: number) {
    await trx
      .insertInto('api_keys')
      .values([
        { company_id: companyId, kind: 'production', key_hash: keys.productionKeyHash, key_prefix: keys.productionKeyPrefix, created_at: now, revoked_at: null },
        { company_id: companyId, kind: 'test', key_hash: keys.testKeyHash, key_prefix: keys.testKeyPrefix, created_at: now, revoked_at: null },
      ])
      .execute();
    await trx.insertInto('api_secrets').values({ company_id: companyId, secret: keys.apiSecret, created_at: now, revoked_at: null }).execute();
  }

  async findIdBySubdomain(subdomain: string): Promise<number | null> {
    const row = await this.db.selectFrom('companies').select('id').where('subdomain', '=', subdomain).executeTakeFirst();
    return row ? Number(row.id) : null;
  }

  async countAll(): Promise<number> {
    const row = await this.db.selectFrom('companies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listIds(): Promise<number[]> {
    const rows = await this.db.selectFrom('companies').select('id').orderBy('id').execute();
    return rows.map((row) => Number(row.id));
  }

  /** The company and kind owning an unrevoked key hash. */
  async findByKeyHash(keyHash: string): Promise<{ companyId: number; kind: 'production' | 'test' } | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['company_id', 'kind'])
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { companyId: Number(row.company_id), kind: row.kind } : null;
  }

  async load(companyId: number): Promise<Company | null> {
    const row = await this.db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
    if (!row) return null;
    const [brands, secret] = await Promise.all([
      this.db.selectFrom('brands').selectAll().where('company_id', '=', companyId).orderBy('id').execute(),
      this.db
        .selectFrom('api_secrets')
        .select('secret')
        .where('company_id', '=', companyId)
        .where('revoked_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst(),
    ]);
    return {
      id: Number(row.id),
      name: row.name,
      subdomain: row.subdomain,
      testEmail: row.test_email,
      channels: parseJson<string[]>(row.channels, []),
      languages: parseJson<string[]>(row.languages, ['en']),
      settings: readSettings(parseJson(row.settings, {})),
      brands: brands.map((brand) => ({ id: Number(brand.id), name: brand.name, displayName: brand.display_name ?? brand.name, kit: brandKitOf(brand) })),
      apiSecret: secret?.secret ?? '',
    };
  }

  /**
   * The company's settings, undefined when there is no such company. Inside a transaction build
   * the repository on the transaction: on SQLite a query on the database itself waits for the one
   * connection the transaction holds, and never runs.
   */
  async settings(companyId: number): Promise<CompanySettings | undefined> {
    const row = await this.db.selectFrom('companies').select('settings').where('id', '=', companyId).executeTakeFirst();
    return row && readSettings(parseJson(row.settings, {}));
  }

  /**
   * Stores the settings. `alsoInTransaction` runs in the same transaction, after the company's
   * sequence lock (taken first, as by every writer of the figures) and the write.
   */
  async updateSettings(companyId: number, settings: CompanySettings, alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (alsoInTransaction) await lockSequence(trx, companyId);
      await trx
        .updateTable('companies')
        .set({ settings: JSON.stringify(settings), updated_at: Date.now() })
        .where('id', '=', companyId)
        .execute();
      await alsoInTransaction?.(trx);
    });
    await this.bumpCacheEpoch();
  }

  readCacheEpoch(): Promise<number> {
    return readCacheEpoch(this.db);
  }

  bumpCacheEpoch(): Promise<void> {
    return bumpCacheEpoch(this.db);
  }
}
