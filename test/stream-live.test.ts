import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import { openRuntime } from '../src/runtime.ts';
import type { Db } from '../src/db/database.ts';
import { eventually } from './helpers/survey.ts';
import { openSse, type SseClient } from './helpers/sse.ts';
import { answer } from './helpers/stream.ts';
import { streamOrg } from './helpers/stream-fixture.ts';
import { actingOn } from './helpers/test-client.ts';
import { uniqueName } from './helpers/factories.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

/** The live Stream: answers saved by another process on the same database reach a subscriber of this one. */
let ctx: TestContext;
let baseUrl: string;
let other: App;
let otherDb: Db;
let org: Awaited<ReturnType<typeof streamOrg>>;
const clients: SseClient[] = [];

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  const runtime = await openRuntime(ctx.config);
  other = await buildApp(ctx.config, runtime.services);
  await other.ready();
  otherDb = runtime.db;
  org = await streamOrg(ctx);
});
after(async () => {
  for (const client of clients) client.close();
  await other.close();
  await otherDb.close();
  await ctx.close();
});

async function subscribe(who: string, query = '', headers: Record<string, string> = {}) {
  const client = await openSse(`${baseUrl}/app/api/stream/events${query}`, { cookie: org.browsers[who].cookie, ...headers });
  clients.push(client);
  return client;
}

/** A new request of `agent` stored and answered through the other app (another process's connections). */
async function answeredElsewhere(agent: { email: string }, stars: number) {
  const response = await actingOn(other)(org.company).post('/v1/requests', {
    customer: { name: 'Nina', email: `${uniqueName('nina')}@example.com` },
    employee: { email: agent.email },
    channel: 'chat',
    brand: 'peak',
    language: 'en',
    ext_interaction_id: uniqueName('t'),
  });
  assert.equal(response.statusCode, 200, response.body);
  const requestId = response.json().request_id as string;
  const row = await otherDb.kysely.selectFrom('interactions').select('id').where('uuid', '=', requestId).executeTakeFirstOrThrow();
  await answer(otherDb, org.company.id, Number(row.id), { stars });
  return { requestId, answeredAt: Date.now() };
}

const cards = (client: SseClient) => client.events.filter((e) => e.event === 'card').map((e) => ({ ...JSON.parse(e.data!), id: e.id, at: e.at }));

describe('GET /app/api/stream/events', () => {
  it('delivers an answer saved by another process within 2 s, and never one outside the scope or filters', async () => {
    const member = await subscribe('m1');
    const fives = await subscribe('leader', '?stars=5');
    assert.equal(member.status, 200);
    assert.match(String(member.headers['content-type']), /^text\/event-stream/);
    assert.equal(member.headers['cache-control'], 'no-store');
    const outside = await answeredElsewhere(org.people.m2, 5);
    const own = await answeredElsewhere(org.people.m1, 4);
    const card = await eventually(async () => cards(member).find((c) => c.request_id === own.requestId), 5000);
    assert.ok(card.at - own.answeredAt <= 2000, `arrived after ${card.at - own.answeredAt} ms`);
    assert.equal(card.star_rating, 4);
    assert.equal(card.id, String(card.sequence_id));
    assert.equal(card.agent.id, org.people.m1.id);
    const five = await eventually(async () => cards(fives).find((c) => c.request_id === outside.requestId), 5000);
    assert.ok(five.at - outside.answeredAt <= 2500);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.deepEqual(cards(member).map((c) => c.request_id), [own.requestId], 'only the member\'s own answer');
    assert.deepEqual(cards(fives).map((c) => c.request_id), [outside.requestId], 'only 5-star answers');
  });

  it('sends what changed since Last-Event-ID on reconnect', async () => {
    const first = await answeredElsewhere(org.people.m1, 3);
    const row = await ctx.db.kysely.selectFrom('interactions').select('sequence_id').where('uuid', '=', first.requestId).executeTakeFirstOrThrow();
    const second = await answeredElsewhere(org.people.m1, 2);
    const again = await subscribe('m1', '', { 'last-event-id': String(Number(row.sequence_id) - 1) });
    await eventually(async () => cards(again).length >= 2, 3000);
    assert.deepEqual(cards(again).map((c) => c.request_id), [first.requestId, second.requestId]);
  });

  it('ends the stream when the session ends, and cleans up when the client leaves', async () => {
    const hub = ctx.app.streamHub;
    const before = hub.size;
    const leaving = await subscribe('viewer');
    await eventually(async () => hub.size === before + 1, 2000);
    leaving.close();
    await eventually(async () => hub.size === before, 2000);

    const signedOut = await subscribe('m3');
    assert.equal((await org.browsers.m3.send(other, 'DELETE', '/app/api/session')).statusCode, 204);
    await hub.checkSessions();
    await signedOut.ended;
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/app/api/stream/events', headers: { cookie: org.browsers.m3.cookie } })).statusCode, 401);
  });

  it('refuses filters outside the scope before streaming', async () => {
    const refused = await subscribe('m1', `?agent=${org.people.m2.id}`);
    assert.equal(refused.status, 403);
    const bad = await subscribe('m1', '?stars=9');
    assert.equal(bad.status, 400);
  });
});
