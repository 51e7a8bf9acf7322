import type { Kysely } from 'kysely';
import { bumpCacheEpoch } from '../../db/cache-epoch.ts';
import type { BrandsTable, Database } from '../../db/schema.ts';

/** What a brand-kit write changes; absent fields stay as they are, null clears. */
export type BrandKitPatch = Partial<Pick<BrandsTable, 'display_name' | 'logo_key' | 'accent_color' | 'sender_name' | 'copy'>>;

/** The brands of a company: always by company id first. Writes move the shared cache epoch. */
export class BrandsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(companyId: number, brandId: number) {
    return this.db.selectFrom('brands').selectAll().where('company_id', '=', companyId).where('id', '=', brandId).executeTakeFirst();
  }

  async list(companyId: number) {
    return this.db.selectFrom('brands').selectAll().where('company_id', '=', companyId).orderBy('id').execute();
  }

  /** Stores the patch and moves the cache epoch, so every process reads the brand anew. */
  async update(companyId: number, brandId: number, patch: BrandKitPatch): Promise<void> {
    if (Object.keys(patch).length > 0) {
      await this.db.updateTable('brands').set(patch).where('company_id', '=', companyId).where('id', '=', brandId).execute();
    }
    await bumpCacheEpoch(this.db);
  }
}
