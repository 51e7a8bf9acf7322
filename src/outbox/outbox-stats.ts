import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface OutboxStats {
  pending: number;
  oldestAgeSeconds: number;
}

/** Depth of the outbox and how long its oldest due row has waited (for /metrics). */
export async function readOutboxStats(db: Kysely<Database>): Promise<OutboxStats> {
  const now = Date.now();
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('available_at').as('oldest')])
    .where('status', 'in', ['pending', 'sending'])
    .where('available_at', '<=', now)
    .executeTakeFirst();
  const oldest = row?.oldest === null || row?.oldest === undefined ? now : Number(row.oldest);
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(0, (now - oldest) / 1000) };
}
