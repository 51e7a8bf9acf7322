// Survey email delivery: drain a 10,000-row outbox backlog into a local SMTP sink, then
// measure the outbox lag (request stored → SMTP accepted) under a steady 100 requests/s.
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { startWorker } from '../src/email/start-worker.ts';
import { InteractionsRepository, type PendingInteraction } from '../src/modules/interactions/interactions.repository.ts';
import { openRuntime } from '../src/runtime.ts';
import { benchDatabases, freshDatabase, type BenchRow } from './support.ts';

const BACKLOG = Number(process.env.BENCH_EMAILS ?? 10_000);
const STEADY_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const STEADY_RATE = 100;

async function startSink() {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, count: () => count, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function pending(companyId: number, brandId: number, employeeId: number, n: number): PendingInteraction {
  const now = Date.now();
  return {
    uuid: randomUUID(), company_id: companyId, is_test: 0, is_recovery: 0, parent_id: null, brand_id: brandId, channel: 'chat',
    employee_id: employeeId, team_leader_id: null, customer_email: `customer${n}@example.com`, customer_name: 'Simone',
    customer_custom_id: null, country: null, language: 'en', tags: '[]', custom_properties: null, ext_interaction_id: String(n),
    external_url: null, do_not_send: 0, requested_via: 'API', delivery_status: 'Pending', sent_at: null, response_received_at: null,
    reward_name: null, created_at: now, updated_at: now, idempotency: null, events: [],
    outbox: { kind: 'survey_email', payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null },
  };
}

const percentile = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

export default async function email(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of await benchDatabases()) {
    const database = await freshDatabase(kind);
    const sink = await startSink();
    const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn', DEMO: 'false', SMTP_URL: sink.url, SMTP_POOL_SIZE: process.env.BENCH_POOL ?? '10' });
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
      const worker = startWorker(services, { concurrency: Number(process.env.BENCH_CONCURRENCY ?? 100), pollMs: 50 });
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
