import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

const CACHE_EPOCH = 'cache_epoch';

/**
 * A counter every serving process polls (see CredentialCache): when it moves, cached
 * credentials, company data and employee lookups are dropped. Bump it in the transaction
 * that changes any of them.
 */
export async function readCacheEpoch(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('system_state').select('value').where('name', '=', CACHE_EPOCH).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

export async function bumpCacheEpoch(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('system_state')
    .values({ name: CACHE_EPOCH, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`system_state.value + 1` }))
    .execute();
}
