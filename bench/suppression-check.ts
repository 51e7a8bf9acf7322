// The suppression check alone, as the table grows: `node --import tsx bench/suppression-check.ts`.
// Times the delivery gate (inside a transaction that is rolled back) for batches of emailed
// requests to new customers with a share of repeat customers, after seed-demo has stored each of
// SUPPRESSION_SIZES interactions (default 0,300000,1000000), with the planner statistics a
// connection opened then has, and without statistics for interactions (a server that opened the
// database while it was still empty has none until its hourly `PRAGMA optimize`; on PostgreSQL,
// until autovacuum's first ANALYZE). Not part of `npm run bench`.
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/database.ts';
import type { PendingInteraction } from '../src/modules/interactions/interaction-types.ts';
import { applyDeliveryGate } from '../src/modules/interactions/delivery-gate.ts';
import { benchDatabases, freshDatabase, runCli } from './support.ts';

const SIZES = (process.env.SUPPRESSION_SIZES ?? '0,300000,1000000').split(',').map(Number);
const CHECKS = Number(process.env.SUPPRESSION_CHECKS ?? 200);
const WARMUP = 20;
const BATCH = 25;
/** One request in this many goes to a customer surveyed in the last seven days. */
const REPEAT_EVERY = 7;

function pendingFor(companyId: number, brandId: number, email: string): PendingInteraction {
  return {
    company_id: companyId,
    brand_id: brandId,
    customer_email: email,
    is_test: 0,
    is_recovery: 0,
    delivery_status: 'Pending',
    outbox: { kind: 'survey_email', payload: '{}', status: 'pending', attempts: 0, available_at: 0, claimed_at: null, last_error: null, created_at: 0, completed_at: null },
  } as unknown as PendingInteraction;
}

/** Microseconds per check of BATCH requests, and how many of all the requests it suppressed. */
async function timeChecks(db: Db, companyId: number, brandId: number, repeats: { email: string; brand_id: number }[]) {
  let suppressed = 0;
  let elapsed = 0;
  const rollback = new Error('rollback');
  // The first checks prepare statements and warm caches; they are not counted.
  for (let check = -WARMUP; check < CHECKS; check++) {
    const pending = Array.from({ length: BATCH }, (_, i) => {
      const n = (check + WARMUP) * BATCH + i;
      const repeat = repeats.length > 0 && n % REPEAT_EVERY === 0 ? repeats[n % repeats.length] : null;
      return repeat ? pendingFor(companyId, repeat.brand_id, repeat.email) : pendingFor(companyId, brandId, `new-${n}-${Math.random()}@example.net`);
    });
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        const started = performance.now();
        await applyDeliveryGate(trx, pending);
        if (check >= 0) elapsed += performance.now() - started;
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    if (check >= 0) suppressed += pending.filter((p) => p.delivery_status === 'Suppressed').length;
  }
  return { micros: (elapsed * 1000) / CHECKS, suppressed };
}

/** Forgets the planner statistics of interactions (PostgreSQL: needs a superuser, as the bench's default URL is). */
async function dropStatistics(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') {
    await sql`DELETE FROM sqlite_stat1 WHERE tbl = 'interactions'`.execute(db.kysely);
    // Makes this connection reload the statistics it plans with.
    await sql`ANALYZE sqlite_schema`.execute(db.kysely);
    return;
  }
  await sql`DELETE FROM pg_statistic WHERE starelid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'interactions'::regclass UNION SELECT 'interactions'::regclass)`.execute(db.kysely);
  await sql`UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = 'interactions'::regclass`.execute(db.kysely);
}

for (const kind of await benchDatabases()) {
  const database = await freshDatabase(kind);
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn' };
  try {
    const company = JSON.parse(await runCli(['company', 'create', '--name', 'Bench', '--subdomain', 'bench', '--brand', 'blancapeak', '--brand', 'blancakids', '--json'], env));
    let stored = 0;
    for (const size of SIZES) {
      if (size > stored) {
        const started = performance.now();
        await runCli(['seed-demo', '--company', 'bench', '--interactions', String(size - stored), '--seed', String(size), '--no-qa', '--json'], env);
        process.stderr.write(`${kind}: seeded ${size - stored} interactions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        stored = size;
      }
      for (const statistics of ['as opened', 'none'] as const) {
        const db = openDatabase(database.url);
        try {
          if (statistics === 'none') await dropStatistics(db);
          const brand = await db.kysely.selectFrom('brands').select('id').where('company_id', '=', company.id).orderBy('id').executeTakeFirstOrThrow();
          const repeats = await db.kysely
            .selectFrom('interactions')
            .select(['customer_email', 'brand_id'])
            .where('company_id', '=', company.id)
            .where('created_at', '>=', Date.now() - 86_400_000)
            .where('delivery_status', 'in', ['Pending', 'Sent'])
            .limit(20)
            .execute();
          const toRepeat = repeats.map((row) => ({ email: row.customer_email!, brand_id: Number(row.brand_id) }));
          const { micros, suppressed } = await timeChecks(db, company.id, Number(brand.id), toRepeat);
          process.stdout.write(
            `${kind} ${size.toLocaleString('en')} interactions, statistics ${statistics}: ${micros.toFixed(0)} µs per check of ${BATCH} requests ` +
              `(${CHECKS} checks, ${suppressed} of ${CHECKS * BATCH} suppressed)\n`,
          );
        } finally {
          await db.close();
        }
      }
    }
  } finally {
    await database.drop();
  }
}
