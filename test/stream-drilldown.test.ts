import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmployeeRow } from '../src/db/schema.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import type { StreamCardView } from '../src/modules/stream/stream.schemas.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { setPassword, signIn, type Browser } from './helpers/sessions.ts';
import { answer } from './helpers/stream.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/*
 * The Stream's drill-down filters (a report figure opens exactly the responses behind it): group
 * (members of groups, within the viewer's scope), tag (any of these tags, exactly) and recovery
 * (first surveys or recoveries only).
 */

let ctx: TestContext;
let org: Awaited<ReturnType<typeof drilldownOrg>>;

before(async () => {
  ctx = await createTestContext();
  org = await drilldownOrg(ctx);
});
after(() => ctx.close());

async function request(company: CompanyCredentials, agent: EmployeeRow, tags: string[], recovers?: string) {
  const client = ctx.as(company);
  const response = recovers
    ? await client.post('/v1/recoveries', { initial_feedback_request_id: recovers })
    : await client.post('/v1/requests', {
        customer: { name: 'Simone Ortiz', email: `${uniqueName('simone')}@example.com` },
        employee: { email: agent.email },
        channel: 'chat',
        brand: 'peak',
        language: 'en',
        ext_interaction_id: uniqueName('t'),
        tags,
      });
  assert.equal(response.statusCode, 200, response.body);
  const requestId = response.json().request_id as string;
  const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', requestId).executeTakeFirstOrThrow();
  return { requestId, id: Number(row.id) };
}

async function group(companyId: number, name: string, members: EmployeeRow[], reporters: EmployeeRow[] = []) {
  const row = await ctx.db.kysely.insertInto('groups').values({ company_id: companyId, name, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  const links = [...members.map((m) => ({ employee_id: m.id, kind: 'member' })), ...reporters.map((m) => ({ employee_id: m.id, kind: 'reporting' }))];
  if (links.length) await ctx.db.kysely.insertInto('employee_groups').values(links.map((link) => ({ company_id: companyId, group_id: id, ...link }))).execute();
  return id;
}

/**
 * Leader Lea leads Mia and Max; Moe is led by Leo. Group "north" holds Mia and Moe, "south" Max
 * (Lea only reports on nothing). Responses carry different tag sets, and Mia's r2 was recovered.
 */
async function drilldownOrg(ctx: TestContext) {
  const company = await createCompany(ctx.services, { brands: ['peak'], channels: ['chat'] });
  const add = (input: Parameters<typeof createEmployee>[2]) => createEmployee(ctx.services, company.id, input);
  const admin = await add({ firstName: 'Ada', role: 'Admin' });
  const lea = await add({ firstName: 'Lea', role: 'Team Leader' });
  const leo = await add({ firstName: 'Leo', role: 'Team Leader' });
  const mia = await add({ firstName: 'Mia', teamLeaderId: lea.id });
  const max = await add({ firstName: 'Max', teamLeaderId: lea.id });
  const moe = await add({ firstName: 'Moe', teamLeaderId: leo.id });
  const other = await createCompany(ctx.services, { brands: ['peak'] });
  const olga = await createEmployee(ctx.services, other.id, { role: 'Admin' });
  const people = { admin, lea, leo, mia, max, moe, olga };
  for (const person of Object.values(people)) await setPassword(ctx.db, person);
  const groups = { north: await group(company.id, 'north', [mia, moe]), south: await group(company.id, 'south', [max], [lea]), foreign: await group(other.id, 'north', [olga]) };

  const responses: Record<string, { requestId: string; id: number }> = {};
  const respond = async (name: string, agent: EmployeeRow, tags: string[], stars: number, recovers?: string) => {
    responses[name] = await request(company, agent, tags, recovers);
    await answer(ctx.db, company.id, responses[name].id, { stars });
  };
  await respond('r1', mia, ['vip', 'billing'], 5);
  await respond('r2', mia, ['billing'], 2);
  await respond('r3', max, ['Billing'], 4);
  await respond('r4', max, [], 3);
  await respond('r5', moe, ['vip', 'quote"d', '%'], 1);
  await respond('r6', moe, ['billing-extra'], 5);
  await respond('rec', mia, [], 4, responses.r2.requestId);
  responses.foreign = await request(other, olga, ['vip']);
  await answer(ctx.db, other.id, responses.foreign.id, { stars: 5 });

  const browsers: Record<string, Browser> = {};
  for (const [name, person] of Object.entries(people)) browsers[name] = await signIn(ctx.app, person.email);
  return { company, people, groups, responses, browsers };
}

const get = (who: string, url: string) => org.browsers[who].send(ctx.app, 'GET', url);

async function names(who: string, query: string): Promise<string[]> {
  const response = await get(who, `/app/api/stream?limit=100&${query}`);
  assert.equal(response.statusCode, 200, `${who} ${query}: ${response.body}`);
  const cards = response.json().cards as StreamCardView[];
  return cards.map((card) => Object.entries(org.responses).find(([, r]) => r.requestId === card.request_id)?.[0] ?? card.request_id).sort();
}

describe('Stream drill-down filters', () => {
  it('group: members of the groups, never more than the viewer sees', async () => {
    const { north, south } = org.groups;
    assert.deepEqual(await names('admin', `group=${north}`), ['r1', 'r2', 'r5', 'r6', 'rec']);
    assert.deepEqual(await names('admin', `group=${south}`), ['r3', 'r4']);
    assert.deepEqual(await names('admin', `group=${north}&group=${south}`), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'rec']);
    // Lea sees her team (and herself): north's Moe is outside it, so north narrows to Mia.
    assert.deepEqual(await names('lea', `group=${north}`), ['r1', 'r2', 'rec']);
    assert.deepEqual(await names('lea', ''), ['r1', 'r2', 'r3', 'r4', 'rec']);
    // A team member filtering by a group sees at most their own.
    assert.deepEqual(await names('mia', `group=${north}`), ['r1', 'r2', 'rec']);
    assert.deepEqual(await names('max', `group=${north}`), []);
    assert.deepEqual(await names('admin', `group=${north}&agent=${org.people.moe.id}`), ['r5', 'r6']);
    assert.deepEqual(await names('admin', `group=${south}&team=${org.people.leo.id}`), []);
  });

  it('group: a group of another company (or none) is refused with 403 naming group', async () => {
    for (const query of [`group=${org.groups.foreign}`, 'group=999999999', `group=${org.groups.north}&group=${org.groups.foreign}`]) {
      for (const path of ['/app/api/stream', '/app/api/stream/summary', '/app/api/stream/events']) {
        const response = await get('admin', `${path}?${query}`);
        assert.equal(response.statusCode, 403, `${path}?${query}`);
        assert.match(response.json().message, /\bgroup\b/);
      }
    }
  });

  it('tag: interactions having any of the tags, matched exactly (case, substrings, quotes, LIKE characters)', async () => {
    assert.deepEqual(await names('admin', 'tag=billing'), ['r1', 'r2']);
    assert.deepEqual(await names('admin', 'tag=Billing'), ['r3']);
    assert.deepEqual(await names('admin', 'tag=billing&tag=vip'), ['r1', 'r2', 'r5']);
    assert.deepEqual(await names('admin', `tag=${encodeURIComponent('quote"d')}`), ['r5']);
    assert.deepEqual(await names('admin', `tag=${encodeURIComponent('%')}`), ['r5']);
    assert.deepEqual(await names('admin', 'tag=bill'), []);
    assert.deepEqual(await names('admin', 'tag=_illing'), []);
    assert.deepEqual(await names('lea', 'tag=vip'), ['r1']);
    assert.deepEqual(await names('admin', 'tag=vip'), ['r1', 'r5'], 'never another company');
  });

  it('recovery: false keeps first surveys, true keeps recoveries', async () => {
    assert.deepEqual(await names('admin', 'recovery=false'), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    assert.deepEqual(await names('admin', 'recovery=true'), ['rec']);
    assert.deepEqual(await names('mia', 'recovery=true'), ['rec']);
    assert.deepEqual(await names('max', 'recovery=true'), []);
    assert.deepEqual(await names('admin', `recovery=false&group=${org.groups.north}&stars=5`), ['r1', 'r6']);
  });

  it('the summary counts exactly the filtered cards', async () => {
    for (const [who, query] of [['admin', `group=${org.groups.north}&recovery=false`], ['lea', 'tag=billing&tag=Billing'], ['admin', 'recovery=true'], ['admin', `tag=vip&group=${org.groups.north}&stars=4&stars=5`]]) {
      const cards = (await get(who, `/app/api/stream?limit=100&${query}`)).json().cards as StreamCardView[];
      const summary = (await get(who, `/app/api/stream/summary?${query}`)).json();
      assert.equal(summary.responses, cards.length, `${who} ${query}`);
      const stars = cards.map((card) => card.star_rating ?? 0);
      assert.deepEqual(Object.values(summary.stars), [1, 2, 3, 4, 5].map((n) => stars.filter((s) => s === n).length), `${who} ${query}`);
    }
  });

  it('answers 400 naming the field for bad values', async () => {
    for (const [query, field] of [['group=0', 'group'], ['group=north', 'group'], ['recovery=maybe', 'recovery'], ['tag=', 'tag']]) {
      const response = await get('admin', `/app/api/stream?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.json().message, new RegExp(field), `${query}: ${response.body}`);
    }
  });
});
