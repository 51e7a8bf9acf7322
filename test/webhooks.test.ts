import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { attemptDelivery, DISABLE_AFTER_FAILING_MS } from '../src/modules/webhooks/webhook-delivery.ts';
import type { Socket } from 'node:net';
import { companyWithEmployee, createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;

/** A real HTTP receiver that verifies Standard Webhooks signatures with the endpoint secret. */
class Receiver {
  server: http.Server;
  received: { headers: http.IncomingHttpHeaders; body: string; verified: unknown }[] = [];
  status = 200;
  secret = '';

  constructor() {
    this.server = http.createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      let verified: unknown = null;
      try {
        verified = new Webhook(this.secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = null;
      }
      this.received.push({ headers: req.headers, body, verified });
      res.writeHead(this.status).end();
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }
}

const privateAllowed = { allowPrivateNetworks: true };
let receiver: Receiver;
let receiverUrl: string;

before(async () => {
  // The receiver listens on loopback, which only an operator's opt-in makes a valid target.
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  receiver = new Receiver();
  receiverUrl = await receiver.listen();
});
after(async () => {
  receiver.server.close();
  await ctx.close();
});

/** A fresh one-brand company with an employee and an endpoint on the receiver (whose secret the receiver now verifies with). */
async function companyWithEndpoint() {
  const { company, employeeEmail } = await companyWithEmployee(ctx.services);
  const api = ctx.as(company);
  const created = await api.post('/v2/webhooks', { url: receiverUrl, events: ['recovery.created', 'survey.finished'] });
  assert.equal(created.statusCode, 201, created.body);
  receiver.secret = created.json().secret;
  return { company, employeeEmail, api, endpointId: created.json().id as number };
}

async function pendingWebhookJobs(company: CompanyCredentials) {
  return ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).where('kind', '=', 'webhook').where('status', '=', 'pending').execute();
}

describe('webhook endpoints', () => {
  it('registers an endpoint and shows its secret once', async () => {
    const api = ctx.as(await createCompany(ctx.services));
    const created = await api.post('/v2/webhooks', { url: receiverUrl, events: ['recovery.created', 'survey.finished'] });
    assert.equal(created.statusCode, 201, created.body);
    const endpoint = created.json();
    assert.match(endpoint.secret, /^whsec_/);
    assert.deepEqual(endpoint.events, ['recovery.created', 'survey.finished']);
    assert.equal(endpoint.enabled, true);
    const list = await api.get('/v2/webhooks');
    assert.equal(list.json().webhooks.length, 1);
    assert.equal(list.json().webhooks[0].secret, undefined);
  });

  it('refuses bad registrations with messages, and needs the JWT', async () => {
    const { company, api, endpointId } = await companyWithEndpoint();
    const bad = await api.post('/v2/webhooks', { url: 'ftp://x', events: ['response.created'] });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors, ['url must be an http or https URL']);
    const unknownEvent = await api.post('/v2/webhooks', { url: receiverUrl, events: ['nope'] });
    assert.equal(unknownEvent.statusCode, 400);
    const noJwt = await ctx.as(company, { jwt: false }).get('/v2/webhooks');
    assert.equal(noJwt.statusCode, 403);
    const other = await createCompany(ctx.services);
    const foreign = await ctx.as(other).get(`/v2/webhooks/${endpointId}/deliveries`);
    assert.equal(foreign.statusCode, 404);
  });

  it('refuses ids past the 64-bit range with 400 naming the field (found by the fuzz suite: PostgreSQL answered 500)', async () => {
    const { api, endpointId } = await companyWithEndpoint();
    for (const [method, url, field] of [
      ['PUT', '/v2/webhooks/9223372036854775808', 'id'],
      ['GET', '/v2/webhooks/9223372036854775808/deliveries', 'id'],
      ['GET', `/v2/webhooks/${endpointId}/deliveries?before=9223372036854775808`, 'before'],
    ] as const) {
      const response = await api.send(method, url, method === 'PUT' ? { enabled: true } : undefined);
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      assert.deepEqual(response.json().errors, [`${field} must be <= ${Number.MAX_SAFE_INTEGER}`]);
    }
  });

  it('queues recovery.created with the recovery, and delivers it signed', async () => {
    const { company, employeeEmail, api, endpointId } = await companyWithEndpoint();
    const created = await api.post('/v1/requests', { customer: { email: 'c@example.com' }, employee: { email: employeeEmail }, channel: 'chat' });
    const initial = created.json().request_id;
    const recovery = await api.post('/v1/recoveries', { initial_feedback_request_id: initial });
    assert.equal(recovery.statusCode, 200);
    const jobs = await pendingWebhookJobs(company);
    assert.equal(jobs.length, 1);
    const { delivery_id } = JSON.parse(jobs[0].payload);
    const result = await attemptDelivery(ctx.services.webhooksRepository, privateAllowed, company.id, delivery_id);
    assert.deepEqual(result, { event: 'recovery.created', outcome: 'delivered', status: 200 });
    const message = receiver.received.at(-1)!;
    assert.ok(message.verified, 'signature verifies with the endpoint secret');
    assert.match(String(message.headers['webhook-id']), /^msg_/);
    const body = JSON.parse(message.body);
    assert.equal(body.type, 'recovery.created');
    assert.equal(body.data.request_id, recovery.json().request_id);
    assert.equal(body.data.initial_request_id, initial);
    const log = await api.get(`/v2/webhooks/${endpointId}/deliveries`);
    assert.equal(log.json().deliveries[0].status, 'delivered');
    assert.equal(log.json().deliveries[0].response_status, 200);
  });

  it('asks for retries while the endpoint fails, and disables it after a day of failures', async () => {
    const { company, employeeEmail, api, endpointId } = await companyWithEndpoint();
    receiver.status = 503;
    const initial = (await api.post('/v1/requests', { customer: { email: 'd@example.com' }, employee: { email: employeeEmail }, channel: 'chat' })).json().request_id;
    await api.post('/v1/recoveries', { initial_feedback_request_id: initial });
    const [job] = (await pendingWebhookJobs(company)).slice(-1);
    const { delivery_id } = JSON.parse(job.payload);
    const first = await attemptDelivery(ctx.services.webhooksRepository, privateAllowed, company.id, delivery_id);
    assert.equal(first.outcome, 'retry');
    const log = (await api.get(`/v2/webhooks/${endpointId}/deliveries`)).json().deliveries[0];
    assert.equal(log.status, 'pending');
    assert.equal(log.response_status, 503);
    assert.equal(log.attempts, 1);

    await ctx.db.kysely.updateTable('webhook_endpoints').set({ failing_since: Date.now() - DISABLE_AFTER_FAILING_MS - 1000 }).where('id', '=', endpointId).execute();
    const last = await attemptDelivery(ctx.services.webhooksRepository, privateAllowed, company.id, delivery_id);
    assert.equal(last.outcome, 'disabled');
    const endpoint = (await api.get('/v2/webhooks')).json().webhooks[0];
    assert.equal(endpoint.enabled, false);
    assert.match(endpoint.disabled_reason, /failing since/);

    const enabled = await api.put(`/v2/webhooks/${endpointId}`, { enabled: true });
    assert.equal(enabled.json().enabled, true);
    receiver.status = 200;
  });

  it('refuses more than WEBHOOK_MAX_ENDPOINTS enabled endpoints per company with 422, at registration and when enabling', async () => {
    assert.equal(ctx.config.webhookMaxEndpoints, 20);
    const busy = ctx.as(await createCompany(ctx.services));
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await busy.post('/v2/webhooks', { url: `${receiverUrl}/${i}`, events: ['recovery.created'] });
      assert.equal(created.statusCode, 201, created.body);
      ids.push(created.json().id);
    }
    const limit = 'a company may have at most 20 enabled webhook endpoints; disable one first';
    const refused = await busy.post('/v2/webhooks', { url: `${receiverUrl}/21`, events: ['recovery.created'] });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(refused.json().errors, [limit]);
    assert.equal((await busy.get('/v2/webhooks')).json().webhooks.length, 20);

    assert.equal((await busy.put(`/v2/webhooks/${ids[0]}`, { enabled: false })).statusCode, 200);
    const replacement = await busy.post('/v2/webhooks', { url: `${receiverUrl}/new`, events: ['recovery.created'] });
    assert.equal(replacement.statusCode, 201, 'a disabled endpoint frees its place');
    const reenabled = await busy.put(`/v2/webhooks/${ids[0]}`, { enabled: true });
    assert.equal(reenabled.statusCode, 422);
    assert.deepEqual(reenabled.json().errors, [limit]);
    assert.equal((await busy.put(`/v2/webhooks/${ids[1]}`, { enabled: true })).statusCode, 200, 'enabling an enabled endpoint is no new one');
    assert.equal((await (await companyWithEndpoint()).api.post('/v2/webhooks', { url: receiverUrl, events: ['recovery.created'] })).statusCode, 201, 'other companies are not affected');
  });

  it('gives up on an endpoint that does not answer within the timeout, and logs failures without addresses', async () => {
    const { company, employeeEmail, api, endpointId } = await companyWithEndpoint();
    const sockets = new Set<Socket>();
    const silent = http.createServer(() => {});
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    try {
      const initial = (await api.post('/v1/requests', { customer: { email: 'e@example.com' }, employee: { email: employeeEmail }, channel: 'chat' })).json().request_id;
      await api.post('/v1/recoveries', { initial_feedback_request_id: initial });
      const delivery = await ctx.db.kysely.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const delivery_id = Number(delivery.id);

      await ctx.db.kysely.updateTable('webhook_endpoints').set({ url: `http://127.0.0.1:${silentPort}/hooks` }).where('id', '=', endpointId).execute();
      const started = Date.now();
      const timedOut = await attemptDelivery(ctx.services.webhooksRepository, { ...privateAllowed, timeoutMs: 300 }, company.id, delivery_id);
      assert.deepEqual(timedOut, { event: 'recovery.created', outcome: 'retry', error: 'no answer within 0.3 s' });
      assert.ok(Date.now() - started < 5000, 'the short timeout was used, not the default');
      assert.equal(sockets.size, 1, 'the endpoint was reached');

      await ctx.db.kysely.updateTable('webhook_endpoints').set({ url: `http://127.0.0.1:${closedPort}/hooks` }).where('id', '=', endpointId).execute();
      const refused = await attemptDelivery(ctx.services.webhooksRepository, privateAllowed, company.id, delivery_id);
      assert.deepEqual(refused, { event: 'recovery.created', outcome: 'retry', error: 'connection refused' });
      const log = await api.get(`/v2/webhooks/${endpointId}/deliveries`);
      assert.equal(log.json().deliveries[0].last_error, 'connection refused');
      assert.ok(!log.body.includes('127.0.0.1'), 'no address in the delivery log');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
