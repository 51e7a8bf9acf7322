import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { OutboxWorker } from '../../src/outbox/outbox-worker.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { csrfOf, eventually, fastWorker, interaction, postRequest, requestBody, sendSurvey, surveyCompany } from '../helpers/survey.ts';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';

let ctx: SecurityContext;
let sink: SmtpSink;
let worker: OutboxWorker;
const CUSTOMER = 'shared.customer@example.com';
let a: Awaited<ReturnType<typeof tenant>>;
let b: Awaited<ReturnType<typeof tenant>>;

async function tenant(agentName: string) {
  const { company, agent } = await surveyCompany(ctx, ['suppression_days=0'], { firstName: agentName });
  ctx.remember('credential', company.api_key, company.test_api_key, company.api_secret);
  const body = requestBody(agent, { customer: { name: 'Simone', email: CUSTOMER } });
  const { token, requestId } = await sendSurvey(ctx, sink, company.api_key, body, CUSTOMER);
  sink.received.length = 0;
  ctx.remember('survey token', token);
  return { company, agent, token, requestId, body };
}

before(async () => {
  sink = await startSmtpSink();
  ctx = await createSecurityContext({ SMTP_URL: sink.url });
  worker = fastWorker(ctx);
  a = await tenant('Annabel');
  b = await tenant('Bartholomew');
});
after(async () => {
  await worker.stop();
  await ctx.closeAndCheckLogs();
  await sink.close();
});

const ROUTES = [
  (t: string) => ({ method: 'GET' as const, url: `/s/${t}` }),
  (t: string) => ({ method: 'GET' as const, url: `/s/${t}/rate/5` }),
  (t: string) => ({ method: 'POST' as const, url: `/s/${t}`, payload: 'csrf=x&agent_star_rating=1' }),
  (t: string) => ({ method: 'GET' as const, url: `/s/${t}/unsubscribe` }),
  (t: string) => ({ method: 'POST' as const, url: `/s/${t}/unsubscribe`, payload: 'List-Unsubscribe=One-Click' }),
];

async function answersOf(requestId: string) {
  const row = await interaction(ctx, requestId);
  return ctx.db.kysely.selectFrom('answers').select(['question_key', 'selected_options']).where('interaction_id', '=', row.id).execute();
}

async function feed(company: CompanyCredentials) {
  return (await ctx.as(company).get('/v2/data')).json() as { uuid: string; answers?: Record<string, unknown> }[];
}

describe('survey tokens', () => {
  it('random, mutated, truncated or extended tokens get 404 on every survey route and change nothing', async () => {
    const before_ = await answersOf(a.requestId);
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
    const mutations = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 32, maxLength: 32 }),
      fc.string({ minLength: 1, maxLength: 64 }).map(encodeURIComponent),
      fc.nat({ max: 31 }).map((i) => flip(a.token, i)),
      fc.constantFrom(a.token.slice(0, 31), `${a.token}A`, a.token.toUpperCase(), a.token.toLowerCase(), `${a.token.slice(0, 16)}${b.token.slice(16)}`),
    );
    await fc.assert(
      fc.asyncProperty(mutations, fc.constantFrom(...ROUTES), async (token, route) => {
        fc.pre(token !== a.token && token !== b.token);
        const request = route(token);
        const response = await ctx.app.inject({ ...request, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(response.statusCode, 404, `${request.method} ${request.url}: ${response.statusCode}`);
        assert.match(String(response.headers['content-type']), /^text\/html/);
      }),
      { numRuns: 200 },
    );
    assert.deepEqual(await answersOf(a.requestId), before_);
  });

  it("a token answers only its own company's interaction, however the form names the other one", async () => {
    assert.equal((await ctx.app.inject(`/s/${a.token}/rate/4`)).statusCode, 303);
    const page = await ctx.app.inject(`/s/${a.token}`);
    assert.ok(page.body.includes('Annabel') && !page.body.includes('Bartholomew'), 'the page shows A\'s agent only');
    const { cookie, csrf } = csrfOf(page);
    const form = new URLSearchParams({ csrf, agent_star_rating: '2', token: b.token, request_id: b.requestId, uuid: b.requestId, interaction_id: b.requestId, company_id: String(b.company.id) });
    const posted = await ctx.app.inject({ method: 'POST', url: `/s/${a.token}`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    assert.ok([303, 400].includes(posted.statusCode), `${posted.statusCode}`);
    assert.equal((await answersOf(b.requestId)).length, 0, "B's interaction got no answer");
    assert.ok((await answersOf(a.requestId)).length > 0);
    const feedA = await feed(a.company);
    const feedB = await feed(b.company);
    assert.deepEqual(feedA.map((row) => row.uuid), [a.requestId]);
    assert.deepEqual(feedB.map((row) => row.uuid), [b.requestId]);
    assert.ok(!JSON.stringify(feedB).includes(a.requestId));
  });

  it("unsubscribing through one company's survey does not unsubscribe the customer from the other", async () => {
    const unsubscribed = await ctx.app.inject({ method: 'POST', url: `/s/${a.token}/unsubscribe`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(unsubscribed.statusCode, 200);
    const deliveryOf = async (t: typeof a) => {
      const id = await postRequest(ctx, t.company.api_key, requestBody(t.agent, { customer: { name: 'Simone', email: CUSTOMER } }));
      return eventually(async () => {
        const row = await interaction(ctx, id);
        return row.delivery_status !== 'Pending' ? row.delivery_status : null;
      });
    };
    assert.equal(await deliveryOf(a), 'Unsubscribed');
    assert.equal(await deliveryOf(b), 'Sent');
  });
});
