import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { metricValue } from './helpers/metrics.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let hooks: http.Server;
let hooksUrl: string;
let hookStatus = 200;
before(async () => {
  sink = await startSmtpSink({ parse: false });
  ctx = await createTestContext({ SMTP_URL: sink.url, RATE_LIMIT_PER_MINUTE: '2', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  hooks = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(hookStatus).end()));
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks`;
});
after(async () => {
  hooks.close();
  await ctx.close();
  await sink.close();
});

const scrape = async () => {
  const response = await ctx.app.inject('/metrics');
  assert.equal(response.statusCode, 200);
  return response.body;
};

describe('GET /metrics: business metrics', () => {
  it('counts survey emails by kind and outcome: sent, bounced, deferred', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const sent = requestBody(agent);
    const bounced = requestBody(agent, { customer: { email: 'refused@example.com' } });
    const deferred = requestBody(agent, { customer: { email: 'later@example.com' } });
    sink.responder = (phase, address) =>
      address === 'refused@example.com' ? { code: 550, message: 'no such user' } : address === 'later@example.com' ? { code: 451, message: 'try later' } : undefined;
    const before = await scrape();
    const base = (outcome: string) => metricValue(before, 'emails_total', { kind: 'survey_email', outcome });
    for (const body of [sent, bounced, deferred]) await postRequest(ctx, company.api_key, body);
    const worker = fastWorker(ctx, { backoffBaseMs: 60_000 });
    try {
      const text = await eventually(async () => {
        const now = await scrape();
        const done = ['sent', 'bounced', 'deferred'].every((outcome) => metricValue(now, 'emails_total', { kind: 'survey_email', outcome }) > base(outcome));
        return done && now;
      });
      for (const outcome of ['sent', 'bounced', 'deferred']) {
        assert.equal(metricValue(text, 'emails_total', { kind: 'survey_email', outcome }), base(outcome) + 1, outcome);
      }
      assert.equal(metricValue(text, 'emails_total', { kind: 'survey_email', outcome: 'failed' }), base('failed'));
    } finally {
      await worker.stop();
      sink.responder = null;
    }
  });

  it('counts rows a dead worker abandoned mid-delivery', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const id = await postRequest(ctx, company.api_key, requestBody(agent));
    const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', id).executeTakeFirstOrThrow();
    await ctx.db.kysely
      .updateTable('outbox')
      .set({ status: 'sending', claim_id: 'a-worker-that-died', claimed_at: Date.now() - 11 * 60_000, attempts: 1 })
      .where('interaction_id', '=', row.id)
      .execute();
    const before = metricValue(await scrape(), 'outbox_abandoned_total', { kind: 'survey_email' });
    const worker = fastWorker(ctx);
    try {
      await eventually(async () => metricValue(await scrape(), 'outbox_abandoned_total', { kind: 'survey_email' }) === before + 1);
    } finally {
      await worker.stop();
    }
  });

  it('counts webhook deliveries by event and outcome', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const endpoint = await ctx.as(company).post('/v2/webhooks', { url: hooksUrl, events: ['recovery.created'] });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    const recovery = async () => {
      const initial = await postRequest(ctx, company.api_key, requestBody(agent, { do_not_send: true }));
      return postRequest(ctx, company.api_key, { initial_feedback_request_id: initial, do_not_send: true }, '/v1/recoveries');
    };
    const before = await scrape();
    const count = (text: string, outcome: string) => metricValue(text, 'webhook_deliveries_total', { event: 'recovery.created', outcome });
    await recovery();
    const worker = fastWorker(ctx, { backoffBaseMs: 60_000 });
    try {
      await eventually(async () => count(await scrape(), 'delivered') === count(before, 'delivered') + 1);
      hookStatus = 503;
      await recovery();
      await eventually(async () => count(await scrape(), 'retry') === count(before, 'retry') + 1);
    } finally {
      hookStatus = 200;
      await worker.stop();
    }
  });

  it('counts rate-limit refusals by route', async () => {
    const { company } = await surveyCompany(ctx);
    const before = metricValue(await scrape(), 'rate_limit_refusals_total', { route: '/v2/data' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ctx.as(company).get('/v2/data')).statusCode);
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    const text = await scrape();
    assert.equal(metricValue(text, 'rate_limit_refusals_total', { route: '/v2/data' }), before + 2);
  });

  it('reports the group commit and, on PostgreSQL, the connection pool', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const before = await scrape();
    await Promise.all(Array.from({ length: 10 }, () => postRequest(ctx, company.api_key, requestBody(agent, { do_not_send: true }))));
    const text = await scrape();
    const batches = metricValue(text, 'ingest_batch_size_count') - metricValue(before, 'ingest_batch_size_count');
    const written = metricValue(text, 'ingest_batch_size_sum') - metricValue(before, 'ingest_batch_size_sum');
    assert.equal(written, 10, 'every request went through a group commit');
    assert.ok(batches >= 1 && batches <= 10, `${batches} batches`);
    assert.equal(metricValue(text, 'ingest_commit_duration_seconds_count') - metricValue(before, 'ingest_commit_duration_seconds_count'), batches);
    assert.equal(metricValue(text, 'ingest_queue_depth'), 0);
    if (ctx.db.dialect === 'postgres') {
      const total = metricValue(text, 'db_pool_connections');
      assert.ok(total >= 1 && total <= 10, `pool total ${total}`);
      assert.ok(metricValue(text, 'db_pool_idle_connections') <= total);
      assert.equal(metricValue(text, 'db_pool_waiting_queries'), 0);
      assert.equal(metricValue(text, 'db_pool_max_connections'), 10);
    } else {
      assert.doesNotMatch(text, /db_pool_connections/);
    }
  });
});
