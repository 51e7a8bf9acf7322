import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { buildApp, type App } from '../src/app.ts';
import type { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { exerciseCoachingAndMetrics, exerciseQa } from './helpers/conformance-calls.ts';
import { OpenApiConformance, watchSerializer } from './helpers/openapi-conformance.ts';
import { qaCompany } from './helpers/qa-factories.ts';
import { PASSWORD, injectWith, login, setPassword, signIn } from './helpers/sessions.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { answer } from './helpers/stream.ts';
import { eventually, fastWorker, requestBody } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { actingThrough, type ActAs, type TestClient } from './helpers/test-client.ts';

/*
 * Every operation of GET /openapi.json is called with real requests, succeeding and failing,
 * and every response (status, media type, body) is checked against the document. The last
 * test fails when an operation was not exercised, so a new route needs calls here.
 */

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let app: App;
let api: OpenApiConformance;
let team: Awaited<ReturnType<typeof qaCompany>>;
let company: CompanyCredentials;
let as: ActAs;
let client: TestClient;

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL: 'https://feedback.example', RATE_LIMIT_PER_MINUTE: '8' });
  worker = fastWorker(ctx);
  app = await buildApp(ctx.config, ctx.services);
  watchSerializer(app);
  await app.ready();
  api = new OpenApiConformance((await app.inject('/openapi.json')).json(), app);
  team = await qaCompany(ctx);
  company = team.company;
  as = actingThrough((request) => api.call(request));
  client = as(company);
});
after(async () => {
  await worker.stop();
  await app.close();
  await ctx.close();
  await sink.close();
});

const expect = (response: { statusCode: number; body: string }, status: number) => assert.equal(response.statusCode, status, response.body);
const json = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  typeof body === 'string' ? client.post(url, undefined, { payload: body, headers }) : client.post(url, body, { headers });

describe('responses of every operation match GET /openapi.json', () => {
  it('health', async () => {
    expect(await api.call({ method: 'GET', url: '/healthz' }), 200);
    expect(await api.call({ method: 'GET', url: '/readyz' }), 200);
  });

  it('feedback requests, batches and recoveries', async () => {
    const body = requestBody(team.agent, { brand: undefined, language: undefined });
    const created = await json('/v1/requests', body, { 'idempotency-key': 'conformance-1' });
    expect(created, 200);
    const requestId = created.json().request_id;
    expect(await json('/v1/requests', { ...body, channel: 'fax' }, { 'idempotency-key': 'conformance-1' }), 422);
    expect(await json('/v1/requests', { customer: {} }), 400);
    expect(await json('/v1/requests', body, { 'x-api-key': 'nope' }), 403);
    expect(await json('/v1/requests', 'x'.repeat(1024 * 1024 + 10)), 413);
    expect(await json('/v1/requests', 'customer', { 'content-type': 'text/plain' }), 415);
    expect(await json('/v1/requests/batch', { requests: [body, { ...body, channel: 'fax' }] }), 200);
    expect(await json('/v1/requests/batch', { requests: [] }), 400);
    expect(await json('/v1/recoveries', { initial_feedback_request_id: requestId, do_not_send: true }), 200);
    expect(await json('/v1/recoveries', { initial_feedback_request_id: 42 }), 400);
  });

  it('data return, including the plain-text 429', async () => {
    for (const feed of ['/v2/data?include_recovery=true', '/v1/data/requests', '/v1/data/responses']) {
      expect(await client.get(feed), 200);
      expect(await client.get(`${feed}${feed.includes('?') ? '&' : '?'}after=soon`), 400);
      expect(await as(company, { jwt: false }).get(feed), 403);
    }
    const limited = as((await qaCompany(ctx)).company);
    for (const feed of ['/v2/data', '/v2/qa']) {
      const statuses = [];
      for (let i = 0; i < 9; i++) statuses.push((await limited.get(feed)).statusCode);
      assert.equal(statuses.at(-1), 429, feed);
    }
  });

  it('webhooks', async () => {
    const created = await client.post('/v2/webhooks', { url: 'https://hooks.example.com/hook', events: ['survey.finished'] });
    expect(created, 201);
    expect(await client.post('/v2/webhooks', { url: 'ftp://example.com', events: ['survey.finished'] }), 422);
    expect(await client.post('/v2/webhooks', { url: 'https://example.com' }), 400);
    expect(await client.get('/v2/webhooks'), 200);
    expect(await api.call({ method: 'GET', url: '/v2/webhooks' }), 403);
    expect(await client.put(`/v2/webhooks/${created.json().id}`, { enabled: false }), 200);
    expect(await client.put('/v2/webhooks/999999', { enabled: true }), 404);
    expect(await client.get(`/v2/webhooks/${created.json().id}/deliveries?limit=10`), 200);
    expect(await client.get('/v2/webhooks/999999/deliveries'), 404);
  });

  it('user provisioning', async () => {
    const employee = { email: 'jane@example.com', custom_employee_id: '12345', first_name: 'Jane', last_name: 'Doe', employment_status: 'full-time', start_date: '2023-02-05' };
    expect(await client.post('/v2/employees', employee), 201);
    expect(await client.post('/v2/employees', { ...employee, email: 'not an email' }), 422);
    expect(await client.post('/v2/employees/invite', { email: 'new@example.com', first_name: 'Ada' }), 201);
    expect(await client.post('/v2/employees/invite', { email: 'jane@example.com' }), 422);
    expect(await client.get('/v2/employees?number_of_employees=2'), 200);
    expect(await as(company, { jwt: false }).get('/v2/employees'), 403);
    expect(await client.get('/v2/employees/jane%40example.com'), 200);
    expect(await client.get('/v2/employees/nobody%40example.com'), 404);
    expect(await client.put('/v2/employees/12345', { hometown: 'Denver' }), 200);
    expect(await client.put('/v2/employees/nobody', { hometown: 'Denver' }), 404);
    expect(await client.put('/v2/employees/12345', undefined, { payload: '{"hometown":' }), 400);
    for (const action of ['deactivate', 'activate']) {
      expect(await client.put(`/v2/employees/12345/${action}`, undefined), 200);
      expect(await client.put(`/v2/employees/nobody/${action}`, undefined), 404);
    }
  });

  it('web app password resets', async () => {
    const email = 'reset.me@example.com';
    expect(await client.post('/v2/employees', { email, first_name: 'Reset', last_name: 'Me', temporary_password: 'Temporary1' }), 201);
    expect(await client.post('/app/api/password-reset', { email: 'nobody@example.com', company: company.subdomain }), 202);
    expect(await client.post('/app/api/password-reset', { email: '' }), 400);
    const { id } = await ctx.db.kysely.selectFrom('employees').select('id').where('company_id', '=', company.id).where('email_key', '=', email).executeTakeFirstOrThrow();
    const token = (await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: id }))!.link.split('/').pop()!;
    expect(await client.post('/app/api/password-reset/confirm', { token: 'x'.repeat(43), password: 'a new password' }), 404);
    expect(await client.post('/app/api/password-reset/confirm', { token, password: 'short' }), 400);
    expect(await client.post('/app/api/password-reset/confirm', { token, password: 'a new password' }), 200);
    expect(await client.post('/app/api/password-reset/confirm', { token, password: 'a new password' }), 410);
  });

  it('QA, coaching and external metrics', async () => {
    for (const url of ['/v2/qa/scorecards', '/v2/integrations']) expect(await client.get(url, { headers: { authorization: 'Bearer nope' } }), 403);
    const requestId = (await json('/v1/requests', requestBody(team.agent, { brand: undefined, language: undefined }))).json().request_id;
    const review = await exerciseQa(client, team);
    await exerciseCoachingAndMetrics(client, team, review, requestId);
  });

  it('web app Stream', async () => {
    await setPassword(ctx.db, team.agent);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    const requestId = (await json('/v1/requests', requestBody(team.agent, { brand: undefined, language: undefined }))).json().request_id;
    const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', requestId).executeTakeFirstOrThrow();
    await answer(ctx.db, company.id, Number(row.id), { stars: 5, nps: 9, fcr: 'Yes', excellence: ['Friendly'], comment: 'Thanks' });
    const browser = await signIn(app, team.agent.email, PASSWORD, {}, send);
    for (const url of ['/app/api/stream', '/app/api/stream?stars=5&channel=chat', '/app/api/stream/summary', '/app/api/stream/options', `/app/api/feedback/${requestId}`]) {
      expect(await browser.send(app, 'GET', url, { send }), 200);
      expect(await api.call({ method: 'GET', url }), 401);
    }
    expect(await browser.send(app, 'GET', '/app/api/stream?stars=6', { send }), 400);
    expect(await browser.send(app, 'GET', '/app/api/stream/summary?from=never', { send }), 400);
    expect(await browser.send(app, 'GET', '/app/api/stream?agent=999999999', { send }), 403);
    expect(await browser.send(app, 'GET', '/app/api/feedback/4f0c1d8e-0000-4000-8000-000000000000', { send }), 404);
    expect(await browser.send(app, 'GET', '/app/api/stream/events?team=999999999', { send }), 403);
    expect(await browser.send(app, 'GET', '/app/api/stream/events?stars=0', { send }), 400);
    // The event stream answers 200 and stays open until its session ends.
    const open = app.streamHub.size;
    const events = browser.send(app, 'GET', '/app/api/stream/events', { send });
    await eventually(async () => app.streamHub.size > open);
    expect(await browser.send(app, 'DELETE', '/app/api/session', { send }), 204);
    await app.streamHub.checkSessions();
    const streamed = await events;
    expect(streamed, 200);
    assert.match(String(streamed.headers['content-type']), /^text\/event-stream/);
  });

  it('reports', async () => {
    await setPassword(ctx.db, team.agent);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    const period = 'from=2026-11-01&to=2026-11-30';
    expect(await client.get(`/v2/reports/metrics?${period}&group_by=employee,week&compare=previous`), 200);
    expect(await client.get(`/v2/reports/metrics?${period}&group_by=employee`, { headers: { accept: 'text/csv' } }), 200);
    expect(await client.get(`/v2/reports/metrics?${period}&group_by=nothing`), 400);
    const browser = await signIn(app, team.agent.email, PASSWORD, {}, send);
    for (const url of [`/app/api/reports/metrics?${period}&group_by=channel`, `/app/api/reports/averages?${period}`, `/app/api/reports/leaderboard?${period}&metric=nps`, '/app/api/reports/options']) {
      expect(await browser.send(app, 'GET', url, { send }), 200);
      expect(await api.call({ method: 'GET', url }), 401);
    }
    for (const url of ['/app/api/reports/metrics?from=x&to=y', `/app/api/reports/averages?from=2026-11-30&to=2026-11-01`, `/app/api/reports/leaderboard?${period}&metric=speed`]) {
      expect(await browser.send(app, 'GET', url, { send }), 400);
    }
    expect(await browser.send(app, 'GET', `/app/api/reports/funnel?${period}`, { send }), 200);
    expect(await browser.send(app, 'GET', '/app/api/reports/funnel?from=2026-11-30&to=2026-11-01', { send }), 400);
    expect(await api.call({ method: 'GET', url: `/app/api/reports/funnel?${period}` }), 401);
  });

  it('web app brands', async () => {
    await setPassword(ctx.db, team.admin);
    await setPassword(ctx.db, team.agent);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    const admin = await signIn(app, team.admin.email, PASSWORD, {}, send);
    const agent = await signIn(app, team.agent.email, PASSWORD, {}, send);
    const listed = await admin.send(app, 'GET', '/app/api/brands', { send });
    expect(listed, 200);
    const id = listed.json().brands[0].id;
    expect(await agent.send(app, 'GET', '/app/api/brands', { send }), 403);
    expect(await api.call({ method: 'GET', url: '/app/api/brands' }), 401);
    expect(await admin.send(app, 'PUT', `/app/api/brands/${id}`, { send, payload: { display_name: 'Blanca Peak', accent_color: '#1d4ed8' } }), 200);
    expect(await admin.send(app, 'PUT', `/app/api/brands/${id}`, { send, payload: { accent_color: '#ffcc00' } }), 400);
    expect(await admin.send(app, 'PUT', '/app/api/brands/999999999', { send, payload: { display_name: 'X' } }), 404);
    expect(await agent.send(app, 'PUT', `/app/api/brands/${id}`, { send, payload: { display_name: 'X' } }), 403);
    expect(await api.call({ method: 'PUT', url: `/app/api/brands/${id}`, payload: { display_name: 'X' } }), 401);
    const upload = (who: typeof admin, brandId: number, body: Buffer, type = 'image/png') =>
      api.call({ method: 'PUT', url: `/app/api/brands/${brandId}/logo`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type }, payload: body });
    const logo = await sharp({ create: { width: 300, height: 100, channels: 4, background: '#1d4ed8' } }).png().toBuffer();
    expect(await upload(admin, id, logo), 200);
    expect(await upload(admin, id, Buffer.from('not an image')), 400);
    expect(await upload(admin, id, Buffer.alloc(5 * 1024 * 1024 + 1)), 413);
    expect(await upload(agent, id, Buffer.from('x')), 403);
    expect(await upload(admin, 999999999, Buffer.from('x')), 404);
    expect(await api.call({ method: 'PUT', url: `/app/api/brands/${id}/logo`, headers: { 'content-type': 'image/png' }, payload: Buffer.from('x') }), 401);
    expect(await admin.send(app, 'DELETE', `/app/api/brands/${id}/logo`, { send }), 200);
    expect(await agent.send(app, 'DELETE', `/app/api/brands/${id}/logo`, { send }), 403);
    expect(await admin.send(app, 'DELETE', '/app/api/brands/999999999/logo', { send }), 404);
    expect(await api.call({ method: 'DELETE', url: `/app/api/brands/${id}/logo` }), 401);
  });

  it('web app alerts', async () => {
    await setPassword(ctx.db, team.admin);
    await setPassword(ctx.db, team.agent);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    const admin = await signIn(app, team.admin.email, PASSWORD, {}, send);
    const agent = await signIn(app, team.agent.email, PASSWORD, {}, send);
    expect(await admin.send(app, 'GET', '/app/api/alerts', { send }), 200);
    expect(await agent.send(app, 'GET', '/app/api/alerts', { send }), 403);
    expect(await api.call({ method: 'GET', url: '/app/api/alerts' }), 401);
    // A name that resolves nowhere: the sample fails fast and is reported in the rule.
    const rule = { name: 'Shout-outs', target: 'slack', url: 'https://hooks.slack.invalid/services/T0/B0/x', min_rating: 5, max_rating: 5, comment_required: true };
    const created = await admin.send(app, 'POST', '/app/api/alerts', { send, payload: rule });
    expect(created, 201);
    const id = created.json().id;
    expect(await admin.send(app, 'POST', '/app/api/alerts', { send, payload: { ...rule, name: 'Other', min_rating: 5, max_rating: 1 } }), 400);
    expect(await agent.send(app, 'POST', '/app/api/alerts', { send, payload: rule }), 403);
    expect(await api.call({ method: 'POST', url: '/app/api/alerts', payload: rule }), 401);
    expect(await admin.send(app, 'PATCH', `/app/api/alerts/${id}`, { send, payload: { min_rating: 4, team_leader_email: null, enabled: false } }), 200);
    expect(await admin.send(app, 'PATCH', `/app/api/alerts/${id}`, { send, payload: { url: 'not a url' } }), 400);
    expect(await admin.send(app, 'PATCH', '/app/api/alerts/999999999', { send, payload: { enabled: true } }), 404);
    expect(await agent.send(app, 'PATCH', `/app/api/alerts/${id}`, { send, payload: { enabled: true } }), 403);
    expect(await api.call({ method: 'PATCH', url: `/app/api/alerts/${id}`, payload: { enabled: true } }), 401);
    expect(await admin.send(app, 'POST', `/app/api/alerts/${id}/test`, { send }), 200);
    expect(await admin.send(app, 'POST', '/app/api/alerts/999999999/test', { send }), 404);
    expect(await agent.send(app, 'POST', `/app/api/alerts/${id}/test`, { send }), 403);
    expect(await api.call({ method: 'POST', url: `/app/api/alerts/${id}/test` }), 401);
    expect(await agent.send(app, 'DELETE', `/app/api/alerts/${id}`, { send }), 403);
    expect(await api.call({ method: 'DELETE', url: `/app/api/alerts/${id}` }), 401);
    expect(await admin.send(app, 'DELETE', `/app/api/alerts/${id}`, { send }), 204);
    expect(await admin.send(app, 'DELETE', `/app/api/alerts/${id}`, { send }), 404);
  });

  it('web app connections', async () => {
    await setPassword(ctx.db, team.admin);
    await setPassword(ctx.db, team.agent);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    const admin = await signIn(app, team.admin.email, PASSWORD, {}, send);
    const agent = await signIn(app, team.agent.email, PASSWORD, {}, send);
    for (const url of ['/app/api/connection-kinds', '/app/api/connections']) {
      expect(await admin.send(app, 'GET', url, { send }), 200);
      expect(await agent.send(app, 'GET', url, { send }), 403);
      expect(await api.call({ method: 'GET', url }), 401);
    }
    const mapping = { 'customer.email': '/customer', 'employee.email': '/agent', channel: { const: 'chat' }, ext_interaction_id: '/id' };
    const created = await admin.send(app, 'POST', '/app/api/connections', { send, payload: { kind: 'generic', name: 'Shop', mapping } });
    expect(created, 201);
    const id = created.json().id;
    expect(await admin.send(app, 'POST', '/app/api/connections', { send, payload: { kind: 'generic', name: 'Typo', mapping: { 'customer.emial': '/customer' } } }), 400);
    expect(await agent.send(app, 'POST', '/app/api/connections', { send, payload: { kind: 'generic', name: 'Sneaky', mapping } }), 403);
    for (const path of ['', '/events']) {
      expect(await admin.send(app, 'GET', `/app/api/connections/${id}${path}`, { send }), 200);
      expect(await admin.send(app, 'GET', `/app/api/connections/999999999${path}`, { send }), 404);
      expect(await agent.send(app, 'GET', `/app/api/connections/${id}${path}`, { send }), 403);
    }
    const body = { customer: 'casey@example.com', agent: team.agent.email, id: 'T-1' };
    for (const action of ['dry-run', 'test-event']) {
      expect(await admin.send(app, 'POST', `/app/api/connections/${id}/${action}`, { send, payload: { body } }), 200);
      expect(await admin.send(app, 'POST', `/app/api/connections/999999999/${action}`, { send, payload: { body } }), 404);
      expect(await agent.send(app, 'POST', `/app/api/connections/${id}/${action}`, { send, payload: { body } }), 403);
    }
    // A refused event (the agent is unknown) is kept and can be retried; a created one cannot.
    const refused = await admin.send(app, 'POST', `/app/api/connections/${id}/test-event`, { send, payload: { body: { ...body, agent: 'nobody@example.com', id: 'T-2' } } });
    expect(refused, 200);
    const events = (await admin.send(app, 'GET', `/app/api/connections/${id}/events`, { send })).json().events as { id: number; status: string; retryable: boolean }[];
    const kept = events.find((e) => e.status === 'refused');
    const made = events.find((e) => e.status === 'created');
    if (!kept?.retryable || !made) throw new Error(`a refused test event is retryable: ${JSON.stringify(events)}`);
    expect(await admin.send(app, 'POST', `/app/api/connections/${id}/events/${kept.id}/retry`, { send }), 200);
    expect(await admin.send(app, 'POST', `/app/api/connections/${id}/events/${made.id}/retry`, { send }), 409);
    expect(await admin.send(app, 'POST', `/app/api/connections/${id}/events/999999999/retry`, { send }), 404);
    expect(await agent.send(app, 'POST', `/app/api/connections/${id}/events/${kept.id}/retry`, { send }), 403);
    const updated = await admin.send(app, 'PATCH', `/app/api/connections/${id}`, { send, payload: { name: 'Shop EU', delay_minutes: 5, signing_secret: null } });
    expect(updated, 200);
    if (updated.json().signing_secret === created.json().signing_secret) throw new Error('a cleared signing secret is generated afresh');
    expect(await admin.send(app, 'PATCH', `/app/api/connections/${id}`, { send, payload: { delay_minutes: 99999 } }), 400);
    expect(await admin.send(app, 'PATCH', `/app/api/connections/${id}`, { send, payload: { kind: 'zendesk' } }), 400);
    expect(await admin.send(app, 'PATCH', `/app/api/connections/999999999`, { send, payload: { name: 'Nope' } }), 404);
    expect(await agent.send(app, 'PATCH', `/app/api/connections/${id}`, { send, payload: { name: 'Sneaky' } }), 403);
    expect(await agent.send(app, 'DELETE', `/app/api/connections/${id}`, { send }), 403);
    expect(await admin.send(app, 'DELETE', `/app/api/connections/${id}`, { send }), 204);
    expect(await admin.send(app, 'DELETE', `/app/api/connections/${id}`, { send }), 404);
  });

  it('web app photos and title', async () => {
    await setPassword(ctx.db, team.admin);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    const browser = await signIn(app, team.admin.email, PASSWORD, {}, send);
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: 'teal' } }).png().toBuffer();
    const upload = (url: string, payload: Buffer | string, type: string) =>
      api.call({ method: 'PUT', url, payload, headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf, 'content-type': type } });
    expect(await upload('/app/api/me/photo', png, 'image/png'), 200);
    expect(await upload('/app/api/me/photo', 'not an image', 'image/png'), 400);
    expect(await upload('/app/api/me/photo', 'text', 'text/plain'), 415);
    expect(await upload('/app/api/me/photo', Buffer.alloc(5 * 1024 * 1024 + 1), 'image/png'), 413);
    expect(await api.call({ method: 'PUT', url: '/app/api/me/photo', payload: png, headers: { 'content-type': 'image/png' } }), 401);
    expect(await browser.send(app, 'DELETE', '/app/api/me/photo', { send }), 200);
    expect(await browser.send(app, 'DELETE', '/app/api/me/photo', { send, csrf: false }), 403);
    expect(await browser.send(app, 'PUT', '/app/api/me/profile', { send, payload: { title: 'QA Lead' } }), 200);
    expect(await browser.send(app, 'PUT', '/app/api/me/profile', { send, payload: { title: 'x'.repeat(81) } }), 400);
    expect(await upload(`/app/api/employees/${team.agent.id}/photo`, png, 'image/png'), 200);
    expect(await upload('/app/api/employees/999999999/photo', png, 'image/png'), 404);
    expect(await browser.send(app, 'DELETE', `/app/api/employees/${team.agent.id}/photo`, { send }), 200);
    expect(await browser.send(app, 'DELETE', '/app/api/employees/999999999/photo', { send }), 404);
  });

  it('web app sessions', async () => {
    await setPassword(ctx.db, team.agent);
    const send = (request: Parameters<typeof api.call>[0]) => api.call(request);
    expect(await login(app, { email: team.agent.email, password: 'wrong password' }, {}, send), 401);
    expect(await login(app, { email: team.agent.email }, {}, send), 400);
    const browser = await signIn(app, team.agent.email, PASSWORD, {}, send);
    const other = await signIn(app, team.agent.email, PASSWORD, {}, send);
    expect(await browser.send(app, 'GET', '/app/api/me', { send }), 200);
    expect(await api.call({ method: 'GET', url: '/app/api/me' }), 401);
    expect(await browser.send(app, 'GET', '/app/api/sessions', { send }), 200);
    expect(await api.call({ method: 'GET', url: '/app/api/sessions' }), 401);
    expect(await browser.send(app, 'DELETE', `/app/api/sessions/${other.sessionId}`, { send, csrf: false }), 403);
    expect(await browser.send(app, 'DELETE', `/app/api/sessions/${other.sessionId}`, { send }), 204);
    expect(await browser.send(app, 'DELETE', `/app/api/sessions/${other.sessionId}`, { send }), 404);
    expect(await api.call({ method: 'DELETE', url: '/app/api/sessions/1' }), 401);
    expect(await browser.send(app, 'DELETE', '/app/api/session', { send, csrf: false }), 403);
    expect(await browser.send(app, 'DELETE', '/app/api/session', { send }), 204);
    expect(await browser.send(app, 'DELETE', '/app/api/session', { send }), 401);
    const preferring = await signIn(app, team.agent.email, PASSWORD, {}, send);
    expect(await preferring.send(app, 'PUT', '/app/api/me/preferences', { send, payload: { weekly_digest: false } }), 200);
    expect(await preferring.send(app, 'PUT', '/app/api/me/preferences', { send, payload: { weekly_digest: 'no' } }), 400);
    expect(await preferring.send(app, 'PUT', '/app/api/me/preferences', { send, csrf: false, payload: { weekly_digest: true } }), 403);
    expect(await api.call({ method: 'PUT', url: '/app/api/me/preferences', payload: { weekly_digest: true } }), 401);
    const changing = await signIn(app, team.agent.email, PASSWORD, {}, send);
    const change = (body: Record<string, unknown>, csrf?: false) => changing.send(app, 'PUT', '/app/api/me/password', { send, csrf, payload: body });
    expect(await change({ current_password: 'wrong password', new_password: 'a new password' }), 400);
    expect(await change({ current_password: PASSWORD, new_password: 'a new password' }, false), 403);
    expect(await change({ current_password: PASSWORD, new_password: 'a new password' }), 200);
    expect(await change({ current_password: 'a new password', new_password: PASSWORD }), 401);
    const throttled = injectWith(app, () => ({}));
    for (let i = 0; i < 10; i++) await login(app, { email: 'nobody@example.com', password: 'wrong password' }, {}, throttled);
    expect(await login(app, { email: 'nobody@example.com', password: 'wrong password' }, {}, send), 429);
  });

  it('no response strayed from the document, and every operation was exercised', () => {
    assert.deepEqual(api.problems, []);
    assert.ok(api.operations().length >= 39, `${api.operations().length} operations`);
    assert.deepEqual(api.uncovered(), []);
  });
});
