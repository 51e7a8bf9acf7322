// Survey email delivery: drain a 10,000-row outbox backlog into a local SMTP sink, then
// measure the outbox lag (request stored → SMTP accepted) under a steady 100 requests/s, then
// fairness: how long one email of tenant B waits while tenant A has a 25,000-email backlog and
// tenant C's 20 webhook endpoints never answer, with two workers.
// The worker runs with the settings `serve` uses (concurrency 20 per kind, 500 ms idle poll,
// SMTP_POOL_SIZE 5, WEBHOOK_TIMEOUT_MS 5000): nothing here is tuned beyond production defaults.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { operatorScope } from '../src/modules/access/scope.ts';
import { startWorker } from '../src/outbox/start-worker.ts';
import type { PendingInteraction } from '../src/modules/interactions/interaction-types.ts';
import { InteractionsRepository } from '../src/modules/interactions/interactions.repository.ts';
import { openRuntime } from '../src/runtime.ts';
import type { Services } from '../src/services.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { benchDatabases, freshDatabase, type BenchRow } from './support.ts';

const BACKLOG = Number(process.env.BENCH_EMAILS ?? 10_000);
const STEADY_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const STEADY_RATE = 100;
const FAIR_BACKLOG = Number(process.env.BENCH_FAIR_BACKLOG ?? 25_000);
const HUNG_ENDPOINTS = 20;

async function startSink() {
  let count = 0;
  const arrivals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        count++;
        for (const to of session.envelope.rcptTo) arrivals.set(to.address, Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, count: () => count, arrivedAt: (address: string) => arrivals.get(address), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An HTTP server that accepts requests and never answers them. */
async function startHungServer() {
  let open = 0;
  const server = http.createServer((request) => {
    open++;
    request.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => open,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pending(companyId: number, brandId: number, employeeId: number, n: number): PendingInteraction {
  const now = Date.now();
  return {
    uuid: randomUUID(), company_id: companyId, is_test: 0, is_recovery: 0, parent_id: null, brand_id: brandId, channel: 'chat',
    employee_id: employeeId, team_leader_id: null, customer_email: `customer${companyId}-${n}@example.com`, customer_name: 'Simone',
    customer_custom_id: null, country: null, language: 'en', tags: '[]', custom_properties: null, ext_interaction_id: String(n),
    external_url: null, do_not_send: 0, requested_via: 'API', delivery_status: 'Pending', sent_at: null, response_received_at: null,
    reward_name: null, created_at: now, updated_at: now, idempotency: null, events: [],
    outbox: { kind: 'survey_email', payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null },
  };
}

/** Tenant A's backlog and tenant C's hung webhooks under way, then the time tenant B's one email takes. */
async function fairness(services: Services, db: Kysely<Database>, app: Awaited<ReturnType<typeof buildApp>>, sink: Awaited<ReturnType<typeof startSink>>): Promise<number> {
  const hung = await startHungServer();
  const tenant = async (name: string) => {
    const company = await services.companies.create({ name, subdomain: name, brands: ['blancapeak'] });
    const employee = await services.employees.add(company.id, { email: `agent@${name}.example`, firstName: 'Sam' });
    const brand = await db.selectFrom('brands').select('id').where('company_id', '=', company.id).executeTakeFirstOrThrow();
    return { company, employee, brandId: Number(brand.id) };
  };
  const [a, b, c] = [await tenant('fair-a'), await tenant('fair-b'), await tenant('fair-c')];
  for (let i = 0; i < HUNG_ENDPOINTS; i++) await services.webhooks.create(operatorScope(await services.companies.requireBySubdomain('fair-c')), { url: `${hung.url}/hooks/${i}`, events: ['recovery.created'] });
  for (let i = 0; i < 3; i++) await services.webhooksRepository.enqueue(db, c.company.id, 'recovery.created', { request_id: randomUUID() }, false);
  const repository = new InteractionsRepository(db);
  for (let i = 0; i < FAIR_BACKLOG; i += 500) {
    await repository.insertBatch(Array.from({ length: Math.min(500, FAIR_BACKLOG - i) }, (_, j) => pending(a.company.id, a.brandId, a.employee.id, i + j)));
  }
  const before = sink.count();
  // The second worker shares the first's SMTP pool; only the first closes it, after the second stopped.
  const workers = [new OutboxWorker(services.outbox, services.outboxHandlers).start(), startWorker(services)];
  try {
    while (hung.open() < HUNG_ENDPOINTS || sink.count() - before < Math.min(200, FAIR_BACKLOG / 2)) await sleep(20);
    const to = 'customer-b@example.com';
    const response = await app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': b.company.api_key, 'content-type': 'application/json' }, payload: JSON.stringify({ customer: { email: to }, employee: { email: b.employee.email }, channel: 'chat', brand: 'blancapeak' }) });
    if (response.statusCode !== 200) throw new Error(`B's request answered ${response.statusCode}: ${response.body}`);
    const stored = Date.now();
    while (sink.arrivedAt(to) === undefined) await sleep(10);
    return sink.arrivedAt(to)! - stored;
  } finally {
    hung.close();
    for (const worker of workers) await worker.stop();
  }
}

const percentile = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

export default async function email(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of await benchDatabases()) {
    const database = await freshDatabase(kind);
    const sink = await startSink();
    // Loopback webhook endpoints (the hung server) are allowed, as an operator of a private deployment would.
    const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn', DEMO: 'false', SMTP_URL: sink.url, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    const { db, services } = await openRuntime(config);
    try {
      const company = await services.companies.create({ name: 'Bench', subdomain: 'bench', brands: ['blancapeak'] });
      await services.companies.setSettings('bench', ['suppression_days=0']);
      const employee = await services.employees.add(company.id, { email: 'samantha@blancapeak.com', firstName: 'Samantha' });
      const brand = await db.kysely.selectFrom('brands').select('id').where('company_id', '=', company.id).executeTakeFirstOrThrow();
      const repository = new InteractionsRepository(db.kysely);
      for (let i = 0; i < BACKLOG; i += 500) {
        await repository.insertBatch(Array.from({ length: Math.min(500, BACKLOG - i) }, (_, j) => pending(company.id, Number(brand.id), employee.id, i + j)));
      }

      const started = performance.now();
      const worker = startWorker(services);
      while (sink.count() < BACKLOG) await new Promise((resolve) => setTimeout(resolve, 50));
      const drainSeconds = (performance.now() - started) / 1000;
      const perSecond = BACKLOG / drainSeconds;
      process.stderr.write(`${kind}: ${BACKLOG} emails in ${drainSeconds.toFixed(1)} s\n`);
      rows.push({ benchmark: 'email backlog drain', database: kind, measure: `emails/s (${BACKLOG} backlog)`, value: perSecond.toFixed(0), target: '>= 200/s', met: perSecond >= 200 });

      const app = await buildApp(config, services);
      await app.ready();
      const body = (n: number) => JSON.stringify({ customer: { email: `steady${n}@example.com` }, employee: { email: 'samantha@blancapeak.com' }, channel: 'chat', brand: 'blancapeak' });
      const steadyStart = Date.now();
      const sent: Promise<unknown>[] = [];
      for (let n = 0; n < STEADY_SECONDS * STEADY_RATE; n++) {
        const due = steadyStart + (n * 1000) / STEADY_RATE;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        sent.push(app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' }, payload: body(n) }));
      }
      await Promise.all(sent);
      const expected = BACKLOG + STEADY_SECONDS * STEADY_RATE;
      while (sink.count() < expected) await new Promise((resolve) => setTimeout(resolve, 50));
      await worker.stop();
      const delivered = await db.kysely.selectFrom('interactions').select(['created_at', 'sent_at']).where('company_id', '=', company.id).where('created_at', '>=', steadyStart).execute();
      const lags = delivered.map((row) => Number(row.sent_at) - Number(row.created_at));
      const p50 = percentile(lags, 50);
      const p95 = percentile(lags, 95);
      rows.push({ benchmark: 'outbox lag at 100 req/s', database: kind, measure: `p50 / p95 / max ms (${lags.length} emails)`, value: `${p50} / ${p95} / ${Math.max(...lags)}`, target: 'p95 < 1000 ms', met: p95 < 1000 });

      const waited = await fairness(services, db.kysely, app, sink);
      process.stderr.write(`${kind}: B's email after ${waited} ms\n`);
      rows.push({ benchmark: "fair outbox: B's one email", database: kind, measure: `ms from stored to SMTP, under A's ${FAIR_BACKLOG} backlog and C's ${HUNG_ENDPOINTS} hung webhooks, 2 workers`, value: String(waited), target: '< 5000 ms', met: waited < 5000 });
      await app.close();
    } finally {
      await services.close();
      await db.close();
      await sink.close();
      await database.drop();
    }
  }
  return rows;
}
