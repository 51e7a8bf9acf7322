import { type Kysely } from 'kysely';

/**
 * One place for a brand's customer-facing name: the company setting `brand_display_names`
 * (by brand name) is copied into brands.display_name and dropped from the settings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const companies = await db.selectFrom('companies').select(['id', 'settings']).execute();
  for (const company of companies) {
    let settings: Record<string, unknown>;
    try {
      settings = JSON.parse(String(company.settings ?? '{}')) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (!settings || typeof settings !== 'object' || !('brand_display_names' in settings)) continue;
    const names = settings.brand_display_names;
    if (names && typeof names === 'object') {
      for (const [brand, name] of Object.entries(names as Record<string, unknown>)) {
        if (typeof name !== 'string' || name.trim() === '') continue;
        await db
          .updateTable('brands')
          .set({ display_name: name.trim().slice(0, 120) })
          .where('company_id', '=', company.id)
          .where('name', '=', brand)
          .execute();
      }
    }
    delete settings.brand_display_names;
    await db.updateTable('companies').set({ settings: JSON.stringify(settings) }).where('id', '=', company.id).execute();
  }
}
