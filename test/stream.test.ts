import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backfillAnswerColumns } from '../src/db/migrations/120-stream-answers.ts';
import { answerColumns } from '../src/modules/interactions/answer-columns.ts';
import type { StreamCardView } from '../src/modules/stream/stream.schemas.ts';
import { answer } from './helpers/stream.ts';
import { streamOrg } from './helpers/stream-fixture.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof streamOrg>>;

before(async () => {
  ctx = await createTestContext();
  org = await streamOrg(ctx);
});
after(() => ctx.close());

const get = (who: string, url: string) => org.browsers[who].send(ctx.app, 'GET', url);

/** Every card of a Stream query, paging with next_before (asserts no duplicate and newest first). */
async function allCards(who: string, query = '', limit = 2): Promise<StreamCardView[]> {
  const cards: StreamCardView[] = [];
  let before: number | null = null;
  for (let page = 0; page < 50; page++) {
    const response = await get(who, `/app/api/stream?limit=${limit}${query}${before ? `&before=${before}` : ''}`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    cards.push(...body.cards);
    if (body.next_before === null) break;
    before = body.next_before;
  }
  const sequences = cards.map((card) => card.sequence_id);
  assert.deepEqual(sequences, [...sequences].sort((a, b) => b - a), 'newest first');
  assert.equal(new Set(sequences).size, sequences.length, 'no duplicates');
  return cards;
}

const names = (cards: StreamCardView[]) =>
  cards.map((card) => Object.entries(org.responses).find(([, r]) => r.requestId === card.request_id)?.[0] ?? card.request_id).sort();

describe('GET /app/api/stream', () => {
  it('shows each role exactly its scope, never test data or another company', async () => {
    const company = ['r1', 'r2', 'r4', 'r5', 'r6', 'r7', 'rec'];
    assert.deepEqual(names(await allCards('m1')), ['r1', 'r2', 'rec']);
    assert.deepEqual(names(await allCards('m3')), ['r6']);
    assert.deepEqual(names(await allCards('leader')), ['r1', 'r2', 'r4', 'r5', 'r7', 'rec']);
    assert.deepEqual(names(await allCards('leader2')), ['r6']);
    assert.deepEqual(names(await allCards('admin')), company);
    assert.deepEqual(names(await allCards('viewer')), company);
    assert.deepEqual(names(await allCards('outsider')), ['foreign']);
  });

  it('pages by cursor without gaps or duplicates at every page size', async () => {
    const all = await allCards('admin', '', 100);
    for (const limit of [1, 2, 3, 6, 7]) assert.deepEqual((await allCards('admin', '', limit)).map((c) => c.sequence_id), all.map((c) => c.sequence_id));
    const first = (await get('admin', '/app/api/stream')).json();
    assert.equal(first.cards.length, 7);
    assert.equal(first.next_before, null);
  });

  it('builds cards with answers, recovery links and the response details', async () => {
    const cards = await allCards('admin');
    const card = (name: string) => cards.find((c) => c.request_id === org.responses[name].requestId)!;
    const r1 = card('r1');
    assert.equal(r1.star_rating, 5);
    assert.equal(r1.nps, 10);
    assert.equal(r1.resolved, true);
    assert.deepEqual(r1.areas_of_excellence, ['Friendly', 'Helpful']);
    assert.deepEqual(r1.comments, [{ question: 'agent_star_rating', text: 'Great help' }]);
    assert.equal(r1.reward, 'Coffee');
    assert.equal(r1.agent.id, org.people.m1.id);
    assert.equal(r1.agent.name, 'Mia Reyes');
    assert.equal(r1.brand.name, 'peak');
    assert.deepEqual(r1.tags, ['vip']);
    assert.equal(r1.external_url, 'https://helpdesk.example/t/1');
    assert.equal(r1.customer.name, 'Simone Ortiz');
    assert.equal(r1.recovery, null);
    assert.equal(card('r2').resolved, false);
    assert.deepEqual(card('r2').areas_of_improvement, ['Speed']);
    assert.equal(card('r2').recovery?.request_id, org.responses.rec.requestId);
    assert.equal(card('r2').recovery?.star_rating, 4);
    assert.equal(card('rec').is_recovery, true);
    assert.equal(card('rec').first_survey?.request_id, org.responses.r2.requestId);
    assert.equal(card('rec').first_survey?.star_rating, 2);
    assert.equal(card('r5').nps, null);
    assert.equal(card('r5').resolved, null);
  });

  it('applies each filter, repeated parameters as lists and one value as a list of one', async () => {
    const all = await allCards('admin', '', 100);
    const { peak, kids } = Object.fromEntries((await get('admin', '/app/api/stream/options')).json().brands.map((b: { id: number; name: string }) => [b.name, b.id]));
    const cases: [string, (card: StreamCardView) => boolean][] = [
      ['&channel=email', (c) => c.channel === 'email'],
      ['&channel=email&channel=phone', (c) => ['email', 'phone'].includes(c.channel)],
      [`&brand=${kids}`, (c) => c.brand.id === kids],
      [`&brand=${kids}&brand=${peak}`, () => true],
      ['&stars=5', (c) => c.star_rating === 5],
      ['&stars=1&stars=2', (c) => c.star_rating === 1 || c.star_rating === 2],
      ['&comment=true', (c) => c.comments.length > 0],
      ['&comment=false', () => true],
      [`&agent=${org.people.m2.id}`, (c) => c.agent.id === org.people.m2.id],
      [`&agent=${org.people.m2.id}&agent=${org.people.m3.id}`, (c) => [org.people.m2.id, org.people.m3.id].includes(c.agent.id)],
      [`&team=${org.people.leader.id}`, (c) => [org.people.m1.id, org.people.m2.id].includes(c.agent.id)],
      [`&team=${org.people.leader2.id}&stars=3`, (c) => c.agent.id === org.people.m3.id && c.star_rating === 3],
      [`&team=${org.people.leader.id}&agent=${org.people.m2.id}`, (c) => c.agent.id === org.people.m2.id],
    ];
    for (const [query, keep] of cases) {
      const expected = all.filter(keep).map((c) => c.request_id);
      assert.ok(expected.length > 0, query);
      assert.deepEqual((await allCards('admin', query)).map((c) => c.request_id), expected, query);
    }
    assert.deepEqual(await allCards('admin', `&from=${new Date(Date.now() + 60_000).toISOString()}&to=${new Date(Date.now() + 120_000).toISOString()}`), []);
    assert.deepEqual(await allCards('admin', `&to=${new Date(Date.now() - 86_400_000).toISOString()}`), []);
    assert.equal((await allCards('admin', `&from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`)).length, 7);
  });

  it('lets a team member filter by themselves only, a leader by their scope: 403 naming the parameter otherwise', async () => {
    for (const [who, query, parameter] of [
      ['m1', `agent=${org.people.m2.id}`, 'agent'],
      ['m1', `team=${org.people.leader.id}`, 'team'],
      ['leader', `agent=${org.people.m3.id}`, 'agent'],
      ['leader', `team=${org.people.leader2.id}`, 'team'],
      ['outsider', `agent=${org.people.m1.id}`, 'agent'],
      ['outsider', `team=${org.people.leader.id}`, 'team'],
      ['admin', `agent=${org.people.outsider.id}`, 'agent'],
    ]) {
      for (const path of ['/app/api/stream', '/app/api/stream/summary', '/app/api/stream/events']) {
        const response = await get(who, `${path}?${query}`);
        assert.equal(response.statusCode, 403, `${who} ${path}?${query}`);
        assert.match(response.json().message, new RegExp(`\\b${parameter}\\b`));
      }
    }
    assert.deepEqual(names(await allCards('m1', `&agent=${org.people.m1.id}`)), ['r1', 'r2', 'rec']);
    assert.deepEqual(await allCards('m1', `&team=${org.people.m1.id}`), []);
    assert.deepEqual(names(await allCards('leader', `&team=${org.people.leader.id}`)), ['r1', 'r2', 'r4', 'r5', 'rec']);
  });

  it('answers 400 naming the field for bad values', async () => {
    for (const [query, field] of [
      ['stars=6', 'stars'], ['stars=x', 'stars'], ['brand=abc', 'brand'], ['agent=0', 'agent'], ['team=-1', 'team'], ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'], ['comment=maybe', 'comment'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['before=abc', 'before'], ['colour=red', 'colour'],
      [`from=${new Date().toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`, 'from'],
    ]) {
      const response = await get('admin', `/app/api/stream?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.json().message, new RegExp(field), `${query}: ${response.body}`);
    }
    assert.equal((await get('admin', '/app/api/stream/summary?stars=0')).statusCode, 400);
  });

  it('answers 401 without a session and never caches', async () => {
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/app/api/stream' })).statusCode, 401);
    assert.equal((await get('admin', '/app/api/stream')).headers['cache-control'], 'no-store');
  });
});

describe('GET /app/api/stream/summary', () => {
  /** The summary recomputed from the cards. */
  function expectedSummary(cards: StreamCardView[]) {
    const stars = cards.map((c) => c.star_rating).filter((s): s is number => s !== null);
    const nps = cards.map((c) => c.nps).filter((s): s is number => s !== null);
    const fcr = cards.map((c) => c.resolved).filter((s): s is boolean => s !== null);
    const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
    const tally = (lists: string[][]) => {
      const counts = new Map<string, number>();
      for (const label of lists.flat()) counts.set(label, (counts.get(label) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([label, count]) => ({ label, count }));
    };
    return {
      responses: cards.length,
      star_rating_avg: stars.length ? round(stars.reduce((a, b) => a + b, 0) / stars.length, 2) : null,
      positive_pct: stars.length ? round((stars.filter((s) => s >= 4).length / stars.length) * 100, 1) : null,
      nps: nps.length ? round(((nps.filter((n) => n >= 9).length - nps.filter((n) => n <= 6).length) / nps.length) * 100, 1) : null,
      nps_responses: nps.length,
      resolved_pct: fcr.length ? round((fcr.filter(Boolean).length / fcr.length) * 100, 1) : null,
      fcr_responses: fcr.length,
      stars: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [n, stars.filter((s) => s === n).length])),
      areas_of_excellence: tally(cards.map((c) => c.areas_of_excellence)),
      areas_of_improvement: tally(cards.map((c) => c.areas_of_improvement)),
    };
  }

  it('equals a recomputation from the cards, for each role and filter', async () => {
    for (const [who, query] of [['admin', ''], ['leader', ''], ['m1', ''], ['viewer', '&channel=chat'], ['admin', '&stars=4&stars=5'], ['admin', `&team=${org.people.leader.id}`], ['leader2', '&comment=true']]) {
      const cards = await allCards(who, query, 100);
      const response = await get(who, `/app/api/stream/summary?${query.slice(1)}`);
      assert.equal(response.statusCode, 200, response.body);
      const { from, to, ...figures } = response.json();
      assert.deepEqual(figures, expectedSummary(cards), `${who} ${query}`);
      assert.ok(Date.parse(to) - Date.parse(from) === 30 * 86_400_000);
    }
    const admin = (await get('admin', '/app/api/stream/summary')).json();
    assert.equal(admin.responses, 7);
    assert.equal(admin.star_rating_avg, 3.43);
    assert.deepEqual(admin.areas_of_excellence[0], { label: 'Friendly', count: 2 });
  });
});

describe('GET /app/api/stream/options', () => {
  it('offers the agents and teams of the scope', async () => {
    const options = async (who: string) => (await get(who, '/app/api/stream/options')).json();
    const ids = (people: { id: number }[]) => people.map((p) => p.id).sort((a, b) => a - b);
    const sorted = (...list: number[]) => list.sort((a, b) => a - b);
    const { admin, viewer, leader, leader2, m1, m2, m3 } = org.people;
    const member = await options('m1');
    assert.deepEqual([member.agents, member.teams], [[], []]);
    assert.deepEqual(member.channels, ['chat', 'email', 'phone']);
    assert.deepEqual(member.brands.map((b: { name: string }) => b.name).sort(), ['kids', 'peak']);
    const lead = await options('leader');
    assert.deepEqual(ids(lead.agents), sorted(leader.id, m1.id, m2.id));
    assert.deepEqual(ids(lead.teams), [leader.id]);
    const all = await options('admin');
    assert.deepEqual(ids(all.agents), sorted(admin.id, viewer.id, leader.id, leader2.id, m1.id, m2.id, m3.id));
    assert.deepEqual(ids(all.teams), sorted(leader.id, leader2.id));
    assert.equal(all.agents.find((a: { id: number }) => a.id === m1.id).name, 'Mia Reyes');
  });
});

describe('GET /app/api/feedback/:requestId', () => {
  it('opens a response in scope, and 404s the same way for everything else', async () => {
    const open = (who: string, id: string) => get(who, `/app/api/feedback/${id}`);
    const r6 = await open('admin', org.responses.r6.requestId);
    assert.equal(r6.statusCode, 200);
    assert.equal(r6.json().star_rating, 3);
    assert.equal((await open('leader2', org.responses.r6.requestId)).statusCode, 200);
    assert.equal((await open('m1', org.responses.rec.requestId)).json().first_survey.request_id, org.responses.r2.requestId);
    const refusals = [
      ['m1', org.responses.r6.requestId], ['leader', org.responses.r6.requestId], ['admin', org.responses.foreign.requestId], ['admin', org.responses.r3.requestId],
      ['admin', org.responses.test.requestId], ['admin', '4f0c1d8e-0000-4000-8000-000000000000'], ['outsider', org.responses.r1.requestId], ['admin', 'not-a-uuid'],
    ];
    const bodies = new Set<string>();
    for (const [who, id] of refusals) {
      const response = await open(who, id);
      assert.equal(response.statusCode, 404, `${who} ${id}`);
      bodies.add(JSON.stringify(response.json()));
    }
    assert.equal(bodies.size, 1);
  });
});

describe('the answers in figures on interactions', () => {
  const COLUMNS = ['star_rating', 'nps_score', 'resolved', 'has_comment', 'excellence_labels', 'improvement_labels'] as const;
  /** The columns as comparable values (labels in any order: the backfill's aggregate does not promise one). */
  const comparable = (row: Record<(typeof COLUMNS)[number], unknown>) => ({
    ...Object.fromEntries(COLUMNS.map((column) => [column, row[column] === null ? null : column.endsWith('labels') ? String(row[column]).split('\n').sort() : Number(row[column])])),
  });

  async function assertColumnsMatchAnswers() {
    const rows = await ctx.db.kysely.selectFrom('interactions').select(['id', ...COLUMNS]).where('company_id', '=', org.company.id).execute();
    for (const row of rows) {
      const answers = await ctx.db.kysely.selectFrom('answers').select(['question_key', 'comment', 'selected_options']).where('company_id', '=', org.company.id).where('interaction_id', '=', row.id).execute();
      assert.deepEqual(comparable(row), comparable(answerColumns(answers)), `interaction ${row.id}`);
    }
    return rows.length;
  }

  it('are backfilled by migration 120 from the answers', async () => {
    await ctx.db.kysely.updateTable('interactions').set({ star_rating: null, nps_score: null, resolved: null, has_comment: 0, excellence_labels: null, improvement_labels: null }).where('company_id', '=', org.company.id).execute();
    await backfillAnswerColumns(ctx.db.kysely);
    assert.ok((await assertColumnsMatchAnswers()) >= 9);
    const r1 = await ctx.db.kysely.selectFrom('interactions').select(['excellence_labels', 'star_rating']).where('id', '=', org.responses.r1.id).executeTakeFirstOrThrow();
    assert.deepEqual(comparable({ ...r1, nps_score: null, resolved: null, has_comment: null, improvement_labels: null }).excellence_labels, ['Friendly', 'Helpful']);
  });

  it('stay equal to the answers after edits and withdrawals, and the Stream follows', async () => {
    assert.ok((await assertColumnsMatchAnswers()) >= 9);
    const { r1, r4, r5 } = org.responses;
    await answer(ctx.db, org.company.id, r1.id, { stars: 3, nps: 5 }, ['fcr']);
    await answer(ctx.db, org.company.id, r4.id, { stars: 4, comment: 'Thanks' });
    await answer(ctx.db, org.company.id, r5.id, {}, ['agent_star_rating']);
    await assertColumnsMatchAnswers();
    const r1Row = await ctx.db.kysely.selectFrom('interactions').select(['star_rating', 'resolved', 'has_comment']).where('id', '=', r1.id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...r1Row, has_comment: Number(r1Row.has_comment) }, { star_rating: 3, resolved: null, has_comment: 0 });
    const cards = await allCards('admin');
    assert.equal(cards.length, 6, 'r5 withdrew its only answer: no longer a response');
    assert.equal(cards[0].request_id, r4.requestId, 'the last change comes first');
    assert.deepEqual(names(await allCards('admin', '&comment=true')), ['r4', 'r6']);
    assert.deepEqual(names(await allCards('admin', '&stars=3')), ['r1', 'r6']);
  });

  it('counts only the last 30 days by default', async () => {
    const old = Date.now() - 40 * 86_400_000;
    await ctx.db.kysely.updateTable('interactions').set({ response_received_at: old }).where('company_id', '=', org.company.id).where('id', '=', org.responses.r6.id).execute();
    assert.ok(!names(await allCards('admin')).includes('r6'));
    assert.ok(names(await allCards('admin', `&from=${new Date(old - 1000).toISOString()}`)).includes('r6'));
    assert.equal((await get('leader2', '/app/api/stream/summary')).json().responses, 0);
  });
});
