import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { AgentConnectClient, AuthenticationError, parseJsonArrayStream, UnprocessableError, ValidationError } from 'agent-connect-client';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { respond } from './helpers/data-return.ts';
import { companyWithEmployee, createCompany, createEmployee } from './helpers/factories.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let baseUrl: string;
let company: CompanyCredentials;
let employeeEmail: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  ({ company, employeeEmail } = await companyWithEmployee(ctx.services));
});
after(() => ctx.close());

const request = (email = 'c@example.com') => ({ customer: { email }, employee: { email: employeeEmail }, channel: 'chat' });

/** A real HTTP peer that misbehaves a given number of times, then forwards to the server. */
async function flakyProxy(failures: number, failure: (res: http.ServerResponse, req: http.IncomingMessage) => void) {
  let seen = 0;
  const server = http.createServer(async (req, res) => {
    if (seen++ < failures) return failure(res, req);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${baseUrl}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection')) as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen, close: () => new Promise((r) => server.close(r)) };
}

describe('agent-connect-client against the real server', () => {
  it('creates requests and recoveries', async () => {
    const client = new AgentConnectClient({ baseUrl, apiKey: company.api_key });
    const created = await client.createFeedbackRequest(request());
    assert.match(created.request_id, /^[0-9a-f-]{36}$/);
    const recovery = await client.createRecovery({ initial_feedback_request_id: created.request_id });
    assert.notEqual(recovery.request_id, created.request_id);
    const { results } = await client.createFeedbackRequestBatch({ requests: [request('a@example.com'), { ...request(), channel: 'fax' }] });
    assert.match((results[0] as { request_id: string }).request_id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(results[1], { validation_errors: ['channel must be one of: phone, chat, email'] });
  });

  it('throws typed errors carrying the status and every message', async () => {
    const client = new AgentConnectClient({ baseUrl, apiKey: company.api_key });
    await assert.rejects(client.createFeedbackRequest({ ...request(), channel: 'fax', tags: Array(21).fill('t') }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.status, 400);
      assert.deepEqual(error.messages.sort(), ['channel must be one of: phone, chat, email', 'tags must have at most 20 items']);
      return true;
    });
    const stranger = new AgentConnectClient({ baseUrl, apiKey: 'ac_live_nope' });
    await assert.rejects(stranger.createFeedbackRequest(request()), AuthenticationError);
    await client.createFeedbackRequest(request('first@example.com'), { idempotencyKey: 'k1' });
    await assert.rejects(client.createFeedbackRequest(request('second@example.com'), { idempotencyKey: 'k1' }), UnprocessableError);
  });

  it('retries 429 after Retry-After', async () => {
    const proxy = await flakyProxy(2, (res) => {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
      res.end('Retry Later');
    });
    try {
      const client = new AgentConnectClient({ baseUrl: proxy.url, apiKey: company.api_key });
      const started = Date.now();
      const created = await client.createFeedbackRequest(request());
      assert.match(created.request_id, /^[0-9a-f-]{36}$/);
      assert.equal(proxy.seen(), 3);
      assert.ok(Date.now() - started >= 1900, 'waited Retry-After twice');
    } finally {
      await proxy.close();
    }
  });

  it('retries network errors, and the Idempotency-Key makes the retry safe', async () => {
    // The proxy forwards the first request, then drops the connection before answering.
    let forwarded = 0;
    const dropping = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${baseUrl}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json', 'x-api-key': String(req.headers['x-api-key']), 'idempotency-key': String(req.headers['idempotency-key']) }, body: Buffer.concat(chunks) });
      const text = await upstream.text();
      if (forwarded++ === 0) return req.socket.destroy();
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(text);
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
      const client = new AgentConnectClient({ baseUrl: url, apiKey: company.api_key, retryBaseMs: 10 });
      const before = await ctx.db.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
      const created = await client.createFeedbackRequest(request('dropped@example.com'));
      const afterCount = await ctx.db.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
      assert.equal(forwarded, 2);
      assert.equal(Number(afterCount.n), Number(before.n) + 1, 'the retry did not store a second request');
      assert.match(created.request_id, /^[0-9a-f-]{36}$/);
    } finally {
      await new Promise((r) => dropping.close(r));
    }
  });
});

describe('parseJsonArrayStream', () => {
  it('yields the same objects however the text is split', async () => {
    const objects = fc.array(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 })), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(objects, fc.array(fc.nat(), { maxLength: 10 }), async (values, cuts) => {
        const bytes = new TextEncoder().encode(JSON.stringify(values, null, cuts.length % 2 ? 1 : undefined));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        async function* chunks() {
          let previous = 0;
          for (const point of [...points, bytes.length]) {
            yield bytes.slice(previous, point);
            previous = point;
          }
        }
        const parsed: unknown[] = [];
        for await (const value of parseJsonArrayStream(chunks())) parsed.push(value);
        assert.deepEqual(parsed, JSON.parse(JSON.stringify(values)));
        const enveloped: unknown[] = [];
        const wrapped = new TextEncoder().encode(JSON.stringify({ requests: values }));
        for await (const value of parseJsonArrayStream([wrapped.slice(0, points[0] ?? 0), wrapped.slice(points[0] ?? 0)], { envelope: true })) enveloped.push(value);
        assert.deepEqual(enveloped, JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('agent-connect-client data return against the real server', () => {
  it('pages /v2/data by sequence_id and streams the same rows', async () => {
    const owner = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, owner.id);
    const client = new AgentConnectClient({ baseUrl, apiKey: owner.api_key, apiSecret: owner.api_secret });
    const ids = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await client.createFeedbackRequest({ customer: { email: `p${i}@example.com` }, employee: { email: agent.email }, channel: 'chat', do_not_send: true })).request_id);
    }
    const paged = [];
    for await (const interaction of client.paginate.listInteractions({ limit: 3 })) paged.push(interaction);
    assert.deepEqual(paged.map((i) => i.uuid), ids);
    const after = paged[2].sequence_id;
    const rest = [];
    for await (const interaction of client.paginate.listInteractions({ after, limit: 3 })) rest.push(interaction.uuid);
    assert.deepEqual(rest, ids.slice(3));
    const streamed = [];
    for await (const interaction of client.stream.listInteractions()) streamed.push(interaction);
    assert.deepEqual(streamed, paged);
    const reviews = [];
    for await (const review of client.paginate.listQaReviews()) reviews.push(review);
    assert.deepEqual(reviews, []);
  });

  it('pages and streams the v1 feeds (requests and responses, in their envelopes)', async () => {
    const owner = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, owner.id);
    const client = new AgentConnectClient({ baseUrl, apiKey: owner.api_key, apiSecret: owner.api_secret });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await client.createFeedbackRequest({ customer: { email: `v1-${i}@example.com` }, employee: { email: agent.email }, channel: 'email', do_not_send: true })).request_id);
    }
    for (const id of ids.slice(0, 3)) {
      await respond(ctx, owner.id, id, [{ key: 'agent_star_rating', questionId: 1, questionText: 'How would you rate {agent_name}?', options: [{ option_id: 1075, option_text: '5', integer_value: 5 }] }]);
    }
    const page = await client.listFeedbackRequestsV1({ limit: 2 });
    assert.equal(page.requests.length, 2);
    const requests = [];
    for await (const r of client.paginate.listFeedbackRequestsV1({ limit: 2 })) requests.push(r.request_id);
    assert.deepEqual(requests.sort(), [...ids].sort());
    const streamedRequests = [];
    for await (const r of client.stream.listFeedbackRequestsV1()) streamedRequests.push(r.request_id);
    assert.deepEqual(streamedRequests.sort(), [...ids].sort());
    const responses = [];
    for await (const r of client.paginate.listSurveyResponsesV1({ limit: 2 })) responses.push(r);
    assert.deepEqual(responses.map((r) => r.request_id), ids.slice(0, 3));
    const streamedResponses = [];
    for await (const r of client.stream.listSurveyResponsesV1({ after: responses[0].sequence_id })) streamedResponses.push(r);
    assert.deepEqual(streamedResponses, responses.slice(1));
    assert.deepEqual((await client.listSurveyResponsesV1({ after: responses[2].sequence_id })).responses, []);
  });
});

describe('agent-connect-client deprecated aliases', () => {
  it('keeps the grouped names of the first versions working', async () => {
    const owner = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, owner.id);
    const client = new AgentConnectClient({ baseUrl, apiKey: owner.api_key, apiSecret: owner.api_secret });
    const { request_id } = await client.requests.create({ customer: { email: 'old@example.com' }, employee: { email: agent.email }, channel: 'chat', do_not_send: true });
    const [batched] = await client.requests.createBatch([{ customer: { email: 'old2@example.com' }, employee: { email: agent.email }, channel: 'chat', do_not_send: true }]);
    const recovery = await client.recoveries.create({ initial_feedback_request_id: request_id, do_not_send: true });
    const uuids = [];
    for await (const interaction of client.feedback.list({ include_recovery: true })) uuids.push(interaction.uuid);
    assert.deepEqual(uuids, [request_id, (batched as { request_id: string }).request_id, recovery.request_id]);
    assert.deepEqual((await client.feedback.page({ limit: 1 })).map((i) => i.uuid), [request_id]);
    const streamed = [];
    for await (const interaction of client.feedback.stream()) streamed.push(interaction.uuid);
    assert.deepEqual(streamed, uuids.slice(0, 2));
    assert.equal((await client.employees.get(agent.email)).email, agent.email);
    assert.equal((await client.employees.deactivate(agent.email)).status, 'deactivated');
    const everyone = [];
    for await (const employee of client.employees.list()) everyone.push(employee.email);
    assert.deepEqual(everyone, [agent.email]);
    for (const feed of [client.qa.reviews, client.qa.audits, client.qa.calibrations, client.coaching.sessions]) assert.deepEqual(await feed.page({ after: 0 }), []);
  });
});
