import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { startWorker } from '../src/outbox/start-worker.ts';
import { OutboxRepository } from '../src/outbox/outbox.repository.ts';
import { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { openRuntime } from '../src/runtime.ts';
import type { Services } from '../src/services.ts';
import type { Db } from '../src/db/database.ts';
import { createCompany } from './helpers/factories.ts';
import { startPgCluster, type PgCluster } from './helpers/pg-cluster.ts';
import { eventually } from './helpers/survey.ts';

// The outbox worker when PostgreSQL goes away in the middle of a job, of recording its outcome,
// or of a claim, in a cluster this test owns. Independent of DATABASE_URL.
const DATABASE = 'outbox_faults';

let cluster: PgCluster;
let dataDir: string;
let db: Db;
let services: Services;
let companyId: number;

before(async () => {
  cluster = await startPgCluster();
  await cluster.createDatabase(DATABASE);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-test-'));
  ({ db, services } = await openRuntime(loadConfig({ DATABASE_URL: cluster.url(DATABASE), DATA_DIR: dataDir, LOG_LEVEL: 'silent' })));
  companyId = (await createCompany(services)).id;
});

after(async () => {
  await services?.close();
  await db?.close();
  await cluster?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function enqueue(kind: string): Promise<number> {
  const now = Date.now();
  const row = await db.kysely
    .insertInto('outbox')
    .values({ company_id: companyId, kind, interaction_id: null, payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const outboxRow = (id: number) => db.kysely.selectFrom('outbox').select(['status', 'attempts', 'claim_id']).where('id', '=', id).executeTakeFirstOrThrow();

/** Polls through outages: a query that cannot reach the database counts as "not yet". */
const settled = (id: number, status: string) => eventually(async () => (await outboxRow(id).catch(() => null))?.status === status, 30_000);

/**
 * A TCP relay to PostgreSQL that, once armed with a statement, ends the connection carrying it
 * as soon as the server starts answering it: the statement has run and committed (the server
 * flushes its answer at the end of the autocommitted statement), but its answer is lost.
 */
async function answerLosingRelay(target: number) {
  let armed: string | null = null;
  let cut = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    let doomed = false;
    client.on('data', (data) => {
      if (armed && data.includes(armed)) {
        doomed = true;
        armed = null;
      }
      upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!doomed) return void client.write(data);
      cut++;
      client.destroy();
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    arm: (statement: string) => void (armed = statement),
    cut: () => cut,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the outbox worker losing PostgreSQL', () => {
  it('puts back a job that lost the database without counting the attempt, and runs it again once it is back', async () => {
    let runs = 0;
    let crashed: Promise<void> | null = null;
    services.outboxHandlers.register({
      kind: 'reads_during_outage',
      run: async () => {
        if (++runs === 1) await (crashed = cluster.crash());
        await sql`SELECT 1`.execute(db.kysely);
      },
    });
    const id = await enqueue('reads_during_outage');
    const worker = startWorker(services, { pollMs: 20 });
    try {
      // Started only once the crash is complete: pg_ctl stop waits for the old server to be gone.
      await eventually(async () => crashed !== null, 30_000);
      await crashed;
      await cluster.start();
      await settled(id, 'sent');
      assert.equal(runs, 2);
      assert.deepEqual(await outboxRow(id), { status: 'sent', attempts: 1, claim_id: null });
    } finally {
      await worker.stop();
    }
  });

  it('keeps an outcome it could not record until the database is back: the row ends sent, the job ran once', async () => {
    let runs = 0;
    let crashed: Promise<void> | null = null;
    services.outboxHandlers.register({
      kind: 'done_before_outage',
      run: async () => {
        runs++;
        await (crashed = cluster.crash());
      },
    });
    const id = await enqueue('done_before_outage');
    const worker = startWorker(services, { pollMs: 20 });
    try {
      await eventually(async () => crashed !== null, 30_000);
      await crashed;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await cluster.start();
      await settled(id, 'sent');
      assert.equal(runs, 1);
      assert.deepEqual(await outboxRow(id), { status: 'sent', attempts: 1, claim_id: null });
    } finally {
      await worker.stop();
    }
  });

  it('releases the rows of a claim whose answer was lost, and then claims and runs them once', async () => {
    const port = Number(new URL(cluster.url(DATABASE)).port);
    const relay = await answerLosingRelay(port);
    const relayed = openDatabase(cluster.url(DATABASE).replace(`:${port}/`, `:${relay.port}/`));
    const ran: number[] = [];
    services.outboxHandlers.register({ kind: 'claimed_unseen', run: async (job) => void ran.push(job.id) });
    const ids = [await enqueue('claimed_unseen'), await enqueue('claimed_unseen')];
    relay.arm("UPDATE outbox SET status = 'sending'");
    const worker = new OutboxWorker(new OutboxRepository(relayed.kysely), services.outboxHandlers, { pollMs: 20 }).start();
    try {
      for (const id of ids) await settled(id, 'sent');
      assert.equal(relay.cut(), 1, 'one claim lost its answer');
      assert.deepEqual(ran.sort(), [...ids].sort(), 'each job ran once');
      for (const id of ids) assert.deepEqual(await outboxRow(id), { status: 'sent', attempts: 1, claim_id: null });
    } finally {
      await worker.stop();
      await relayed.close();
      await relay.close();
    }
  });
});
