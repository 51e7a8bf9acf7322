import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/database.ts';
import { sha256Hex } from '../src/lib/secrets.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { openRuntime } from '../src/runtime.ts';
import type { Services } from '../src/services.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { metricValue, scrapeMetrics } from './helpers/metrics.ts';
import { duplicates, envelopeOf, FeedReader, fetchData, postRequest, sleep } from './helpers/scale-out.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { requestBody } from './helpers/survey.ts';

// Two `serve --role api` processes and one `serve --role worker` against PostgreSQL (always:
// on the SQLite run of CI too) and Redis, as in README "Running at scale".
const REDIS_URL = 'redis://127.0.0.1:6379';

let database: TestDatabase;
let db: Db;
let services: Services;
let sink: SmtpSink;
let trap: SmtpSink;
let apis: ServerProcess[] = [];
let worker: ServerProcess;
const companies: CompanyCredentials[] = [];

before(async () => {
  database = await createTestDatabase({ postgres: true });
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir };
  ({ db, services } = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' })));
  [sink, trap] = await Promise.all([startSmtpSink({ parse: false }), startSmtpSink({ parse: false })]);
  // The API processes get an SMTP server of their own: any mail there was sent by an API process.
  const api = { ...env, REDIS_URL, SMTP_URL: trap.url };
  [apis[0], apis[1], worker] = await Promise.all([
    startServerProcess(api, ['serve', '--role', 'api']),
    startServerProcess(api, ['serve', '--role', 'api']),
    startServerProcess({ ...env, SMTP_URL: sink.url }, ['serve', '--role', 'worker']),
  ]);
});

after(async () => {
  await Promise.all([...apis, worker].filter(Boolean).map((server) => server.stop()));
  const redis = new Redis(REDIS_URL);
  for (const company of companies) {
    const keys = await redis.keys(`agent-connect:rate-limit:*${sha256Hex(company.api_key)}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  redis.disconnect();
  await services?.close();
  await db?.close();
  await Promise.all([sink?.close(), trap?.close()]);
  await database.drop();
});

async function newCompany() {
  const company = await createCompany(services, { brands: ['blancapeak'] });
  companies.push(company);
  return { company, agent: await createEmployee(services, company.id) };
}

describe('scale-out: two API processes and a worker on PostgreSQL and Redis', () => {
  it('runs the outbox only in the worker role', async () => {
    const logged = async (server: ServerProcess, pattern: RegExp) => {
      for (const deadline = Date.now() + 30_000; !pattern.test(server.output()) && Date.now() < deadline; ) await sleep(50);
      assert.match(server.output(), pattern);
    };
    for (const api of apis) await logged(api, /"role":"api","worker":false/);
    await logged(worker, /"role":"worker","worker":true/);
    assert.equal((await fetch(`${worker.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${worker.url}/v1/requests`, { method: 'POST' })).status, 404, 'the worker serves no API');
  });

  it('enforces one data-return rate limit across both API processes: exactly 100 per minute per key', async () => {
    const { company } = await newCompany();
    const started = Date.now();
    const statuses: number[] = [];
    const bodies = new Set<string>();
    const send = async (i: number) => {
      const response = await fetchData(apis[i % 2].url, company, '/v2/data');
      statuses[i] = response.status;
      if (response.status === 429) bodies.add(await response.text());
      else await response.arrayBuffer();
    };
    for (let i = 0; i < 150; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => send(i + k)));
    assert.ok(Date.now() - started < 55_000, 'the 150 requests fit in one window');
    assert.equal(statuses.filter((s) => s === 200).length, 100, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 429).length, 50);
    assert.deepEqual([...bodies], ['Retry Later']);
    const refused = await Promise.all(apis.map(async (api) => metricValue(await scrapeMetrics(api.url), 'rate_limit_refusals_total', { route: '/v2/data' })));
    assert.equal(refused[0] + refused[1], 50);
    assert.ok(refused[0] > 0 && refused[1] > 0, `refusals per process: ${refused.join(', ')}`);
  });

  it('sends every survey email exactly once, keeps sequence_ids increasing, and a paging reader misses nothing', async () => {
    const { company, agent } = await newCompany();
    const urls = apis.map((api) => api.url);
    const reader = new FeedReader(urls, company);
    const total = 200;
    const recipients: string[] = [];
    const ids: string[] = [];
    let ingesting = true;
    const readerLoop = (async () => {
      while (ingesting) {
        await reader.poll();
        await sleep(400);
      }
    })();
    await Promise.all(
      Array.from({ length: 8 }, async (_, loop) => {
        for (let i = loop; i < total; i += 8) {
          const body = requestBody(agent);
          recipients.push(body.customer.email);
          ids.push(await postRequest(urls[i % 2], company.api_key, body));
        }
      }),
    );
    // Wait (with a deadline) until the worker has recorded every delivery.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const pending = await db.kysely.selectFrom('interactions').select('uuid').where('company_id', '=', company.id).where('delivery_status', '=', 'Pending').execute();
      if (pending.length === 0) break;
      assert.ok(Date.now() < deadline, `${pending.length} deliveries still pending`);
      await sleep(250);
    }
    ingesting = false;
    await readerLoop;
    await reader.catchUp();

    // Every email once: N messages, one per recipient, distinct Message-IDs, none from an API process.
    const mails = sink.received.filter((mail) => mail.envelopeTo.some((to) => recipients.includes(to)));
    const envelopes = mails.map(envelopeOf);
    assert.equal(mails.length, total);
    assert.deepEqual(duplicates(envelopes.flatMap((e) => e.to)), []);
    assert.deepEqual(duplicates(envelopes.map((e) => e.messageId)), []);
    assert.ok(envelopes.every((e) => e.messageId !== ''));
    assert.deepEqual(new Set(envelopes.flatMap((e) => e.to)), new Set(recipients));
    assert.equal(trap.received.length, 0, 'an API process sent email');
    assert.ok(metricValue(await scrapeMetrics(worker.url), 'emails_total', { kind: 'survey_email', outcome: 'sent' }) >= total);

    // Sequence ids: unique per company, and the reader's copy of every interaction is the database's.
    const rows = await db.kysely.selectFrom('interactions').select(['uuid', 'sequence_id', 'delivery_status']).where('company_id', '=', company.id).execute();
    assert.equal(rows.length, total);
    assert.equal(new Set(rows.map((row) => row.sequence_id)).size, total);
    assert.deepEqual(new Set(reader.copies.keys()), new Set(ids));
    for (const row of rows) {
      const copy = reader.copies.get(row.uuid)!;
      assert.equal(copy.sequence_id, Number(row.sequence_id), row.uuid);
      assert.equal(copy.request_delivery_status, 'Sent');
    }
    assert.deepEqual(await reader.snapshot(), reader.copies);
    assert.ok(reader.requests >= 4, `the reader paged ${reader.requests} times`);
  });

  it('stops every role cleanly on SIGTERM', async () => {
    for (const server of [...apis, worker]) {
      await server.stop('SIGTERM');
      assert.equal(server.child.exitCode, 0, server.output().slice(-2000));
      assert.match(server.output(), /"signal":"SIGTERM".*"msg":"shutting down"/);
    }
  });
});
