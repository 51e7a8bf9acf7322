import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { openRuntime } from '../src/runtime.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { startPgCluster, type PgCluster } from './helpers/pg-cluster.ts';
import { duplicates, sleep } from './helpers/scale-out.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';

// PostgreSQL goes away under load, in a cluster this test owns: its backends are terminated
// (as by an administrator or a failover), then the whole server crashes and comes back.
// Independent of DATABASE_URL; see the note at the end of the file for which CI pass runs it.
const DATABASE = 'agent_connect';

let cluster: PgCluster;
let sink: SmtpSink;
let env: Record<string, string>;
let dataDir: string;
let apiKey: string;
let employeeEmail: string;
let api: ServerProcess;
let worker: ServerProcess;
const exits: string[] = [];

before(async () => {
  cluster = await startPgCluster();
  await cluster.createDatabase(DATABASE);
  sink = await startSmtpSink({ parse: false });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-test-'));
  env = { DATABASE_URL: cluster.url(DATABASE), DATA_DIR: dataDir, SMTP_URL: sink.url };
  const { db, services } = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  const company = await createCompany(services, { brands: ['solo'] });
  apiKey = company.api_key;
  employeeEmail = (await createEmployee(services, company.id)).email;
  await services.close();
  await db.close();
  const started = await Promise.allSettled([startServerProcess(env, ['serve', '--role', 'api']), startServerProcess(env, ['serve', '--role', 'worker'])]);
  [api, worker] = started.map((result) => (result.status === 'fulfilled' ? result.value : (undefined as unknown as ServerProcess)));
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  for (const [name, server] of [['api', api], ['worker', worker]] as const) {
    server.child.on('exit', (code, signal) => exits.push(`${name} exited (${code ?? signal}):\n${server.output().slice(-3000)}`));
  }
});

after(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await sink?.close();
  await cluster?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Concurrent POST /v1/requests until stopped, each to a new customer (so each is emailed). */
class Ingestion {
  readonly acknowledged: { id: string; email: string; at: number }[] = [];
  readonly unavailable: number[] = [];
  readonly unexpected: string[] = [];
  dropped = 0;
  private stopped = false;
  private readonly loops: Promise<void>[];

  constructor(url: string, concurrency: number) {
    this.loops = Array.from({ length: concurrency }, (_, n) => this.loop(url, n));
  }

  private async loop(url: string, n: number): Promise<void> {
    for (let i = 0; !this.stopped; i++) {
      const email = `c${n}.${i}@example.com`;
      try {
        const response = await fetch(`${url}/v1/requests`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ customer: { email }, employee: { email: employeeEmail }, channel: 'chat' }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        if (response.status === 200) this.acknowledged.push({ id: JSON.parse(text).request_id, email, at: Date.now() });
        else if (response.status === 503 && isUnavailableBody(text)) this.unavailable.push(Date.now());
        else this.unexpected.push(`${response.status} ${text}`);
        if (response.status !== 200) await sleep(20);
      } catch (error) {
        this.dropped++;
        this.unexpected.push(`no answer: ${(error as Error).message}`);
        await sleep(20);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}

function isUnavailableBody(text: string): boolean {
  try {
    const body = JSON.parse(text);
    return body.error === 'Service Unavailable' && typeof body.message === 'string' && Object.keys(body).length === 2;
  } catch {
    return false;
  }
}

/** GET /readyz with a deadline of its own: a probe that hangs is as bad as one that lies. */
async function readiness(url: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

async function waitForReadiness(url: string, status: number, timeoutMs = 30_000): Promise<{ status: number; body: string; ms: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await readiness(url);
    if (answer.status === status || Date.now() > deadline) return answer;
    await sleep(100);
  }
}

function assertAlive(): void {
  assert.deepEqual(exits, [], 'a server process exited');
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assertAlive();
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('PostgreSQL going away and coming back', () => {
  it('keeps the API and worker processes up: 503 while it is gone, every 200 stored, every email sent once', async (t) => {
    const started = Date.now();
    const phase = (name: string) => t.diagnostic(`${name} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const load = new Ingestion(api.url, 8);
    try {
      await waitFor(() => load.acknowledged.length >= 50, '50 acknowledged requests');

      // Backends terminated under load, repeatedly: the pool reconnects by itself.
      let terminated = 0;
      for (let round = 0; round < 3; round++) {
        const before = load.acknowledged.length;
        terminated += await cluster.terminateBackends(DATABASE);
        await waitFor(() => load.acknowledged.length >= before + 30, `ingestion to resume after termination round ${round + 1}`);
        assertAlive();
      }
      assert.ok(terminated >= 3, `only ${terminated} backends were terminated`);

      // The whole server crashes: requests fail fast with 503, /readyz says so, and nothing exits.
      phase('backends terminated 3 times');
      await cluster.crash();
      const crashedAt = Date.now();
      for (const server of [api, worker]) {
        const down = await waitForReadiness(server.url, 503, 15_000);
        assert.equal(down.status, 503, `/readyz while PostgreSQL is down: ${down.status} ${down.body}`);
        assert.deepEqual(JSON.parse(down.body), { status: 'database unreachable' });
        assert.ok(down.ms < 5_000, `/readyz took ${down.ms} ms while PostgreSQL was down`);
      }
      await waitFor(() => load.unavailable.some((at) => at > crashedAt + 200), 'a 503 while PostgreSQL is down', 15_000);
      await sleep(1_000);
      assertAlive();

      phase('PostgreSQL down');
      await cluster.start();
      const restartedAt = Date.now();
      for (const server of [api, worker]) {
        const up = await waitForReadiness(server.url, 200);
        assert.equal(up.status, 200, `/readyz after PostgreSQL returned: ${up.status} ${up.body}`);
      }
      const acknowledgedBefore = load.acknowledged.length;
      await waitFor(() => load.acknowledged.length >= acknowledgedBefore + 50, 'ingestion to resume after the restart');
      assert.ok(load.acknowledged.some((request) => request.at > restartedAt));
      phase('ingesting again after the restart');
    } finally {
      await load.stop();
    }
    assertAlive();
    t.diagnostic(`${load.acknowledged.length} acknowledged, ${load.unavailable.length} answered 503, ${load.dropped} without an answer`);
    const count = (pattern: RegExp) => worker.output().split('\n').filter((line) => pattern.test(line)).length;
    t.diagnostic(
      `worker: ${count(/could not reach the database/)} jobs put back, ${count(/outcomes kept until it is back/)} waits to record outcomes, ` +
        `${count(/released rows of a claim/)} claims released, ${count(/claiming failed/)} failed claims`,
    );
    assert.deepEqual(load.unexpected, [], 'answers other than 200 and the 503 JSON body');
    assert.ok(load.unavailable.length > 0);

    const db: Db = openDatabase(env.DATABASE_URL);
    try {
      const stored = await db.kysely.selectFrom('interactions').select(['uuid', 'customer_email', 'delivery_status']).execute();
      const storedIds = new Set(stored.map((row) => row.uuid));
      const lost = load.acknowledged.filter((request) => !storedIds.has(request.id));
      assert.deepEqual(lost, [], `${lost.length} of ${load.acknowledged.length} acknowledged requests are missing`);

      // Every stored request's email (those queued before, during and after the outage) is sent once.
      const outbox = () => db.kysely.selectFrom('outbox').select(['id', 'status', 'last_error']).where('kind', '=', 'survey_email').execute();
      const deadline = Date.now() + 60_000;
      let rows = await outbox();
      while (rows.some((row) => row.status !== 'sent' && row.status !== 'failed') && Date.now() < deadline) {
        await sleep(250);
        rows = await outbox();
      }
      assert.deepEqual(rows.filter((row) => row.status !== 'sent'), [], 'outbox rows not sent');
      phase(`${rows.length} emails sent`);
      assert.equal(rows.length, stored.length);
      await waitFor(() => sink.received.length >= stored.length, `${stored.length} emails at the SMTP server`, 30_000);
      const recipients = sink.received.flatMap((mail) => mail.envelopeTo);
      assert.deepEqual(duplicates(recipients), [], 'emails sent twice');
      assert.deepEqual(new Set(recipients), new Set(stored.map((row) => row.customer_email)));
      const deliveries = await db.kysely.selectFrom('interactions').select('delivery_status').where('delivery_status', '!=', 'Sent').execute();
      assert.deepEqual(deliveries, [], 'requests whose delivery is not recorded as Sent');
    } finally {
      await db.close();
    }
    assertAlive();
  });
});
