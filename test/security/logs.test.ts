import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { OutboxWorker } from '../../src/outbox/outbox-worker.ts';
import { createEmployee } from '../helpers/factories.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { eventually, fastWorker } from '../helpers/survey.ts';
import { zendeskFixture, zendeskWebhookHeaders } from '../helpers/zendesk-simulator.ts';

const SMTP_PASSWORD = `smtp-${randomBytes(9).toString('hex')}`;
let ctx: SecurityContext;
let worker: OutboxWorker;
let receiver: http.Server;
let receiverUrl: string;
const deliveries: http.IncomingHttpHeaders[] = [];

before(async () => {
  // A webhook receiver that always fails (so failures are logged), and an SMTP server that is not there.
  receiver = http.createServer((request, response) => {
    deliveries.push(request.headers);
    request.resume();
    response.writeHead(500).end('nope');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  ctx = await createSecurityContext({ SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:9`, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  ctx.remember('SMTP password', SMTP_PASSWORD);
  worker = fastWorker(ctx, { log: ctx.app.log });
});
after(async () => {
  await worker.stop();
  await new Promise((resolve) => receiver.close(resolve));
  await ctx.closeAndCheckLogs();
});

const json = (key: string, extra: Record<string, string> = {}) => ({ 'x-api-key': key, 'content-type': 'application/json', ...extra });

describe('secrets never reach the logs (LOG_LEVEL=trace; every security test file checks its own logs too)', () => {
  it('keys, secrets and tokens sent in the wrong places, with broken bodies and unknown keys', async () => {
    const company = await ctx.company();
    const employee = await createEmployee(ctx.services, company.id);
    for (const key of [company.api_key, company.test_api_key]) {
      const body = { customer: { email: 'c@example.com' }, employee: { email: employee.email }, channel: 'chat', do_not_send: true };
      assert.equal((await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: json(key, { authorization: `Bearer ${company.api_secret}` }), payload: body })).statusCode, 200);
      assert.equal((await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: json(key), payload: '{broken' })).statusCode, 400);
    }
    await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: json(`${company.api_key}x`), payload: {} });
    await ctx.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: `Bearer ${await ctx.jwt(company)}x` } });
    await ctx.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_secret, authorization: company.api_key } });
    assert.match(ctx.logs(), /"statusCode":403/);
  });

  it('HTTP Basic credentials on ingestion, accepted or refused, and headers logged by code are [redacted]', async () => {
    const company = await ctx.company();
    const employee = await createEmployee(ctx.services, company.id);
    const body = { customer: { email: 'c@example.com' }, employee: { email: employee.email }, channel: 'chat', do_not_send: true };
    const credentials = [`connect:${company.api_key}`, `connect:${company.test_api_key}`, `admin:${company.api_key}`, `connect:${company.api_key}x`, `connect:${company.api_secret}`];
    const encoded = credentials.map((credential) => Buffer.from(credential).toString('base64'));
    ctx.remember('Basic credential', ...credentials, ...encoded);
    const statuses = [];
    for (const value of encoded) {
      for (const url of ['/v1/requests', '/v1/recoveries', '/v1/requests/batch']) {
        const payload = url.endsWith('batch') ? { requests: [body] } : body;
        statuses.push((await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: `Basic ${value}` }, payload })).statusCode);
      }
      await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'content-type': 'application/json', authorization: `Basic ${value}` }, payload: '{broken' });
    }
    assert.deepEqual(statuses.slice(0, 6).filter((status) => status === 403), [], 'the valid credentials were accepted');
    assert.ok(statuses.slice(6).every((status) => status === 403), 'the others were refused');
    ctx.app.log.info({ headers: { authorization: `Basic ${encoded[0]}`, 'x-api-key': company.api_key } }, 'headers logged by code');
    const line = ctx.logs().split('\n').find((entry) => entry.includes('headers logged by code'));
    assert.match(line ?? '', /"authorization":"\[redacted\]","x-api-key":"\[redacted\]"/);
  });

  it('credentials put in a query string by mistake are logged as [redacted]', async () => {
    const company = await ctx.company();
    const token = await ctx.jwt(company);
    const query = `api_key=${company.api_key}&Authorization=${token}&api%5Fsecret=${company.api_secret}&limit=5&password=${company.test_api_key}`;
    assert.equal((await ctx.app.inject({ url: `/v2/data?${query}` })).statusCode, 403);
    assert.equal((await ctx.app.inject({ method: 'POST', url: `/v1/requests?${query}`, headers: json(company.api_key), payload: {} })).statusCode, 400);
    const logged = ctx.logs().split('\n').filter((line) => line.includes('limit=5'));
    assert.ok(logged.length >= 2, 'both requests were logged with their query string');
    for (const line of logged) {
      assert.match(line, /api_key=\[redacted\]&Authorization=\[redacted\]&api%5Fsecret=\[redacted\]&limit=5&password=\[redacted\]/);
      for (const secret of [company.api_key, company.api_secret, company.test_api_key, token]) assert.ok(!line.includes(secret));
    }
  });

  it('temporary and chosen passwords, and the invitation token', async () => {
    const company = await ctx.company();
    const temporary = `Temp-${randomBytes(8).toString('hex')}`;
    const chosen = `Chosen-${randomBytes(8).toString('hex')}`;
    ctx.remember('password', temporary, chosen);
    const created = await ctx.as(company).post('/v2/employees', { email: 'temp.pass@example.com', first_name: 'Tem', last_name: 'Porary', temporary_password: temporary });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await ctx.as(company).put('/v2/employees/temp.pass%40example.com', { temporary_password: `${temporary}2` })).statusCode, 200);
    ctx.remember('password', `${temporary}2`);
    const invited = await ctx.as(company).post('/v2/employees/invite', { email: 'invitee@example.com', first_name: 'Ada', last_name: 'Lovelace' });
    assert.equal(invited.statusCode, 201, invited.body);
    const invitee = await ctx.db.kysely.selectFrom('employees').select('id').where('company_id', '=', company.id).where('email', '=', 'invitee@example.com').executeTakeFirstOrThrow();
    const link = await ctx.services.invites.issueLink(company.id, Number(invitee.id));
    const token = link.split('/invite/')[1];
    ctx.remember('invite token', token);
    const form = (password: string, confirmation: string) =>
      ctx.app.inject({ method: 'POST', url: `/invite/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ password, password_confirmation: confirmation }).toString() });
    assert.equal((await form(chosen, `${chosen}!`)).statusCode, 422);
    const done = await form(chosen, chosen);
    assert.equal(done.statusCode, 303, 'signed in and sent to the Stream');
    ctx.remember('session token of the invite flow', done.cookies.find((c) => c.name === 'ac_session')!.value);
    assert.equal((await form(chosen, chosen)).statusCode, 410);
  });

  it('webhook secrets through failing deliveries, and the SMTP password through failing sends', async () => {
    const company = await ctx.company();
    const employee = await createEmployee(ctx.services, company.id);
    const webhook = await ctx.as(company).post('/v2/webhooks', { url: receiverUrl, events: ['recovery.created'] });
    assert.equal(webhook.statusCode, 201, webhook.body);
    ctx.remember('webhook secret', webhook.json().secret);
    const request = await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: json(company.api_key), payload: { customer: { email: 'c@example.com' }, employee: { email: employee.email }, channel: 'chat' } });
    const recovery = await ctx.app.inject({ method: 'POST', url: '/v1/recoveries', headers: json(company.api_key), payload: { initial_feedback_request_id: request.json().request_id, do_not_send: true } });
    assert.equal(recovery.statusCode, 200, recovery.body);
    await eventually(async () => deliveries.length >= 2);
    assert.ok(deliveries[0]['webhook-signature'], 'the delivery was signed with the secret');
    await eventually(async () => {
      const row = await ctx.db.kysely.selectFrom('outbox').select('attempts').where('kind', '=', 'survey_email').where('company_id', '=', company.id).executeTakeFirst();
      return row && row.attempts >= 1;
    });
    await eventually(async () => /ECONNREFUSED|connect/i.test(ctx.logs()));
  });

  it('helpdesk connections: the inbound URL, signing secrets and API tokens, through accepted, refused and looked-up events', async () => {
    const company = await ctx.company();
    const employee = await createEmployee(ctx.services, company.id);
    const mapping = { 'customer.email': '/customer', 'employee.email': '/agent', channel: { const: 'chat' }, ext_interaction_id: '/id' };
    const generic = await ctx.services.connections.create(company.id, { kind: 'generic', name: 'Shop', mapping });
    const path = new URL(generic.inbound_url).pathname;
    ctx.remember('inbound URL id', path.split('/').pop()!);
    ctx.remember('connection secret', generic.signing_secret!);
    const post = (url: string, payload: string, headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
    const body = JSON.stringify({ customer: 'c@example.com', agent: employee.email, id: 'T-1' });
    assert.equal((await post(path, body, { 'x-agent-connect-secret': generic.signing_secret! })).statusCode, 200);
    assert.equal((await post(path, body, { authorization: `Bearer ${generic.signing_secret}x` })).statusCode, 401);

    // A Zendesk whose API fails: the event waits, and its lookups (with the API token) are retried.
    const signingSecret = `zd-${randomBytes(9).toString('hex')}`;
    const apiToken = `tok-${randomBytes(9).toString('hex')}`;
    ctx.remember('Zendesk signing secret', signingSecret);
    ctx.remember('Zendesk API token', apiToken);
    const zendesk = await ctx.services.connections.create(company.id, {
      kind: 'zendesk', name: 'Zendesk', api_base: new URL(receiverUrl).origin, api_user: 'agent@example.com', api_token: apiToken, signing_secret: signingSecret,
    });
    const zendeskPath = new URL(zendesk.inbound_url).pathname;
    ctx.remember('Zendesk inbound URL id', zendeskPath.split('/').pop()!);
    const event = JSON.stringify(zendeskFixture('event-ticket-status-changed.json'));
    const pending = await post(zendeskPath, event, zendeskWebhookHeaders(event, signingSecret));
    assert.equal(pending.statusCode, 202, pending.body);
    assert.equal((await post(zendeskPath, event, zendeskWebhookHeaders(event, `${signingSecret}x`))).statusCode, 401);
    assert.match(ctx.logs(), /\/inbound\/\[id\]/, 'inbound URLs are logged with their id masked');
  });
});
