import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEmployee } from './helpers/factories.ts';
import { seedEmailBacklog, startHungServer } from './helpers/outbox-backlog.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// Issue 16, item 4: tenant A's 25,000 queued emails and tenant C's 20 webhook endpoints that never
// answer must not hold up tenant B's one email. Two real `serve --role worker` processes with
// production defaults, a real SMTP server, real HTTP; on SQLite and on PostgreSQL.
const BACKLOG = 25_000;
const ENDPOINTS = 20;

let ctx: TestContext;
let sink: SmtpSink;
let hung: Awaited<ReturnType<typeof startHungServer>>;
const workers: ServerProcess[] = [];

before(async () => {
  [sink, hung] = await Promise.all([startSmtpSink({ parse: false }), startHungServer()]);
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
});
after(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await hung.close();
  await sink.close();
  await ctx.close();
});

async function registerEndpoint(company: CompanyCredentials, url: string) {
  const response = await ctx.as(company).post('/v2/webhooks', { url, events: ['recovery.created'] });
  assert.equal(response.statusCode, 201, response.body);
}

describe('a fair outbox', () => {
  it("delivers tenant B's email within 5 s despite tenant A's 25,000-email backlog and tenant C's 20 hung webhook endpoints", async (t) => {
    // C: 20 endpoints that never answer, and three events for each of them.
    const c = await surveyCompany(ctx);
    for (let i = 0; i < ENDPOINTS; i++) await registerEndpoint(c.company, `${hung.url}/hooks/${i}`);
    for (let i = 0; i < 3; i++) {
      const initial = await postRequest(ctx, c.company.api_key, requestBody(c.agent, { do_not_send: true }));
      await postRequest(ctx, c.company.api_key, { initial_feedback_request_id: initial }, '/v1/recoveries');
    }
    // A: 25,000 emailed requests, queued after C's webhooks.
    const a = await surveyCompany(ctx);
    const brand = await ctx.db.kysely.selectFrom('brands').select('id').where('company_id', '=', a.company.id).where('name', '=', 'blancapeak').executeTakeFirstOrThrow();
    await seedEmailBacklog(ctx.db.kysely, a.company.id, a.agent, Number(brand.id), BACKLOG);
    const b = await surveyCompany(ctx);
    const bAgent = await createEmployee(ctx.services, b.company.id);

    // Production defaults: the worker's concurrency, poll interval, SMTP pool and webhook timeout are not set.
    const env = { ...ctx.env, SMTP_URL: sink.url, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'info' };
    for (let i = 0; i < 2; i++) workers.push(await startServerProcess(env, ['serve', '--role', 'worker']));
    // B asks once both are under way: A's emails going out, C's deliveries hanging.
    const sentOf = (company: { id: number }) => sink.received.filter((mail) => mail.envelopeTo.some((to) => to.startsWith(`backlog-${company.id}-`))).length;
    await eventually(async () => hung.open() >= ENDPOINTS && sentOf(a.company) >= 200, 120_000);
    const hanging = hung.open();

    const body = requestBody(bAgent);
    const asked = Date.now();
    await postRequest(ctx, b.company.api_key, body);
    const stored = Date.now();
    const arrived = await eventually(async () => sink.received.some((mail) => mail.envelopeTo.includes(body.customer.email)) && Date.now(), 120_000);
    const pendingOfA = await ctx.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', a.company.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const sentOfA = sentOf(a.company);

    const waited = arrived - stored;
    t.diagnostic(`B's email arrived ${waited} ms after its request was stored; A had ${sentOfA} sent and ${pendingOfA.n} queued; ${hanging} webhook requests of C hanging`);
    assert.ok(Number(pendingOfA.n) > 0, 'the backlog of A was still queued when B was served');
    assert.ok(waited < 5000, `B's email took ${waited} ms after its request was stored (the POST took ${stored - asked} ms); A had ${sentOfA} emails sent and ${pendingOfA.n} queued; C had ${hanging} requests hanging when B asked`);
    assert.equal(sink.received.filter((mail) => mail.envelopeTo.includes(body.customer.email)).length, 1);
  });
});
