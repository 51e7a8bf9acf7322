import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { hashPassword } from '../src/lib/passwords.ts';
import { generateToken, sha256Hex } from '../src/lib/secrets.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { SurveyRepository } from '../src/modules/survey/survey.repository.ts';
import { APP_ENDPOINTS, type AppEndpoint, type EndpointCall, type Viewer, type World, type WorldRequest } from './helpers/app-endpoints.ts';
import { createCompany, seedRequestBody, uniqueName } from './helpers/factories.ts';
import { modelSees, modelTeam, orgChart, type ModelPerson, type OrgChart } from './helpers/org-chart.ts';
import { PASSWORD, signIn } from './helpers/sessions.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

// In the style of the tenant-isolation suite, over generated org charts: two companies, people
// with roles, several team leaders each, groups they are in and report on, view_all_feedback on
// some, and answered feedback requests of random people in both companies. Everyone signs in,
// and every web app endpoint (helpers/app-endpoints.ts) is called by every session: whatever
// it answers lies inside that person's scope as the chart (not the code) defines it, and what
// lies outside is refused with 403/404 without changing anything.

const ROLES = ['Team Member [Default]', 'Team Leader', 'QA Reviewer', 'Admin'];
/** The chart's own knowledge of which role is an admin role (not read from the code under test). */
const ADMIN_ROLES = new Set(['Admin']);
const GROUPS = ['North', 'South', 'East'];
const ENDPOINTS: AppEndpoint[] = APP_ENDPOINTS;
const NUM_RUNS = 8;

let ctx: TestContext;
let baseUrl: string;
let passwordHash: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  passwordHash = await hashPassword(PASSWORD);
});
after(() => ctx.close());

/** Writes the chart through the provisioning service (several team leaders, groups, permissions), asks and answers its feedback, signs everyone in. */
async function build(chart: OrgChart): Promise<World> {
  const credentials: CompanyCredentials[] = [await createCompany(ctx.services), await createCompany(ctx.services)];
  const companies = await Promise.all(credentials.map((c) => ctx.services.companies.requireBySubdomain(c.subdomain)));
  for (const company of companies) for (const group of GROUPS) await ctx.services.roles.addGroup(company.id, group);
  const leads = new Set(chart.people.flatMap((p) => p.leaders));
  const emails = chart.people.map((p) => `p${p.index}.${uniqueName('')}@example.com`);
  const ids: number[] = [];
  for (const person of chart.people) {
    const body = {
      email: emails[person.index], first_name: 'P', last_name: String(person.index), role: person.role, manage_team: leads.has(person.index),
      permissions: person.permissions, groups: person.memberOf, reporting_groups: person.reportsOn,
    };
    const teamLeaderEmails = person.leaders.length > 0 ? person.leaders.map((i) => emails[i]) : undefined;
    await ctx.services.provisioning.create(companies[person.company], body, [], 'create', { passwordHash, teamLeaderEmails });
    const row = await ctx.db.kysely.selectFrom('employees').select('id').where('company_id', '=', companies[person.company].id).where('email_key', '=', emails[person.index]).executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }

  const requests: WorldRequest[] = [];
  for (const interaction of chart.interactions) {
    const person = chart.people[interaction.who];
    const company = credentials[person.company];
    const body = seedRequestBody({ email: emails[person.index], custom_id: null }, { brand: null, language: null });
    const response = await ctx.as(company, { key: interaction.isTest ? 'test' : 'production', jwt: false }).post('/v1/requests', body);
    assert.equal(response.statusCode, 200, response.body);
    const requestId: string = response.json().request_id;
    requests.push({ requestId, employeeId: ids[person.index], companyId: company.id, isTest: interaction.isTest });
    if (interaction.isTest) continue;
    // The customer answers: a star click on the survey link, as from the email.
    const stored = await ctx.db.kysely.selectFrom('interactions').select('id').where('company_id', '=', company.id).where('uuid', '=', requestId).executeTakeFirstOrThrow();
    const token = generateToken(24);
    await new SurveyRepository(ctx.db.kysely).upsertSurvey(ctx.db.kysely, company.id, Number(stored.id), sha256Hex(token), Date.now() + 86_400_000);
    const rated = await ctx.app.inject({ method: 'GET', url: `/s/${token}/rate/${interaction.stars}` });
    assert.ok(rated.statusCode < 400, `rating answered ${rated.statusCode}`);
    const answered = await ctx.db.kysely.selectFrom('interactions').select('response_received_at').where('company_id', '=', company.id).where('id', '=', stored.id).executeTakeFirstOrThrow();
    assert.notEqual(answered.response_received_at, null, 'the rating is a response');
  }

  const viewers: Viewer[] = [];
  for (const person of chart.people) {
    const browser = await signIn(ctx.app, emails[person.index], PASSWORD, { company: credentials[person.company].subdomain });
    viewers.push({ index: person.index, id: ids[person.index], companyId: companies[person.company].id, email: emails[person.index], browser });
  }

  const model: ModelPerson[] = chart.people.map((p) => ({
    id: ids[p.index], companyId: companies[p.company].id, teamLeaderIds: p.leaders.map((i) => ids[i]), admin: ADMIN_ROLES.has(p.role),
    permissions: p.permissions, memberOf: p.memberOf, reportsOn: p.reportsOn,
  }));
  const sees = (viewer: Viewer, employeeId: number) => modelSees(model, model[viewer.index], employeeId);
  const groupRows = await ctx.db.kysely.selectFrom('groups').select(['id', 'company_id', 'name']).where('company_id', 'in', companies.map((c) => c.id)).execute();
  const groups = groupRows.map((row) => ({
    id: Number(row.id),
    companyId: Number(row.company_id),
    members: model.filter((p) => p.companyId === Number(row.company_id) && p.memberOf.includes(row.name)).map((p) => p.id),
  }));
  return {
    app: ctx.app,
    baseUrl,
    viewers,
    requests,
    sees,
    seesRequest: (viewer, requestId) => requests.some((r) => r.requestId === requestId && !r.isTest && sees(viewer, r.employeeId)),
    team: (viewer) => modelTeam(model, model[viewer.index]),
    groups,
    admin: (viewer) => model[viewer.index].admin,
    brands: companies.flatMap((company) => company.brands.map((brand) => ({ id: brand.id, companyId: company.id }))),
    teamsVisibleTo: (viewer) => [...new Set(model.filter((p) => p.companyId === viewer.companyId && sees(viewer, p.id)).flatMap((p) => p.teamLeaderIds))],
    leaderboardPeers: (viewer) => {
      const self = model[viewer.index];
      const colleagues = model.filter((p) => p.companyId === self.companyId);
      const seen = colleagues.filter((p) => sees(viewer, p.id)).map((p) => p.id);
      if (seen.length > 1) return seen;
      return [self.id, ...colleagues.filter((p) => p.teamLeaderIds.some((id) => self.teamLeaderIds.includes(id))).map((p) => p.id)];
    },
  };
}

/** Every id an answer names: request ids, employee ids (employee_id, agent.id, team_member_ids...), team leader ids (teams). */
function idsIn(node: unknown, found = { requestIds: [] as string[], employeeIds: [] as number[], teamIds: [] as number[] }, key = '') {
  const idOf = (value: unknown) => (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'number' ? (value as { id: number }).id : undefined);
  if (Array.isArray(node)) {
    for (const item of node) {
      if (key === 'team_member_ids' && typeof item === 'number') found.employeeIds.push(item);
      else if ((key === 'agents' || key === 'employees') && idOf(item) !== undefined) found.employeeIds.push(idOf(item)!);
      else if (key === 'teams' && idOf(item) !== undefined) found.teamIds.push(idOf(item)!);
      idsIn(item, found, key);
    }
  } else if (node && typeof node === 'object') {
    for (const [k, value] of Object.entries(node)) {
      if (k === 'request_id' && typeof value === 'string') found.requestIds.push(value);
      if ((k === 'employee_id' || k === 'agent_id') && typeof value === 'number') found.employeeIds.push(value);
      if ((k === 'employee' || k === 'agent') && idOf(value) !== undefined) found.employeeIds.push(idOf(value)!);
      if (k === 'leader' && idOf(value) !== undefined) found.teamIds.push(idOf(value)!);
      idsIn(value, found, k);
    }
  }
  return found;
}

/** Strings only the other company has: none may appear in an answer to this viewer. */
function foreignMarkers(world: World, viewer: Viewer): string[] {
  return [
    ...world.viewers.filter((v) => v.companyId !== viewer.companyId).map((v) => v.email),
    ...world.requests.filter((r) => r.companyId !== viewer.companyId).map((r) => r.requestId),
  ];
}

function checkInside(world: World, viewer: Viewer, call: EndpointCall, body: unknown, text: string, where: string) {
  const found = idsIn(body);
  for (const id of found.requestIds) assert.ok(world.seesRequest(viewer, id), `${where}: request ${id} is outside the scope`);
  const peers = call.peers ? new Set(world.leaderboardPeers(viewer)) : new Set<number>();
  for (const id of found.employeeIds) assert.ok(world.sees(viewer, id) || peers.has(id), `${where}: employee ${id} is outside the scope`);
  for (const id of found.teamIds) assert.ok(world.sees(viewer, id) || world.teamsVisibleTo(viewer).includes(id), `${where}: team ${id} is outside the scope`);
  for (const marker of foreignMarkers(world, viewer)) assert.ok(!text.includes(marker), `${where}: names ${marker} of the other company`);
}

/** Server-sent events for a moment over a real connection: each event's JSON data. */
async function readEvents(world: World, viewer: Viewer, url: string): Promise<{ status: number; events: unknown[]; text: string }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1500);
  let text = '';
  let status = 0;
  try {
    const response = await fetch(`${world.baseUrl}${url}`, { headers: { cookie: viewer.browser.cookie }, signal: abort.signal });
    status = response.status;
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  const events = text.split('\n').filter((line) => line.startsWith('data:')).flatMap((line) => {
    try {
      return [JSON.parse(line.slice(5))];
    } catch {
      return [];
    }
  });
  return { status, events, text };
}

/** What a refused call must not change: every session and answer of the world's companies. */
async function state(world: World): Promise<string> {
  const companyIds = [...new Set(world.viewers.map((v) => v.companyId))];
  const [sessions, answers, employees] = await Promise.all([
    ctx.db.kysely.selectFrom('sessions').select(['id', 'employee_id']).where('company_id', 'in', companyIds).orderBy('id').execute(),
    ctx.db.kysely.selectFrom('interactions').select(['id', 'response_received_at']).where('company_id', 'in', companyIds).orderBy('id').execute(),
    ctx.db.kysely.selectFrom('employees').select(['id', 'status', 'role', 'updated_at']).where('company_id', 'in', companyIds).orderBy('id').execute(),
  ]);
  return JSON.stringify({ sessions, answers, employees });
}

async function probe(world: World) {
  for (const viewer of world.viewers) {
    for (const endpoint of ENDPOINTS) {
      for (const call of endpoint.calls(world, viewer)) {
        const where = `${endpoint.name}: ${call.method} ${call.url} as person ${viewer.index}`;
        const before = call.expect === 'outside' ? await state(world) : '';
        let status: number;
        let bodies: unknown[];
        let text: string;
        if (call.sse) {
          const read = await readEvents(world, viewer, call.url);
          ({ status, text } = read);
          bodies = read.events;
        } else {
          const response = await viewer.browser.send(world.app, call.method, call.url);
          ({ statusCode: status, body: text } = response);
          bodies = text === '' ? [] : [JSON.parse(text)];
        }
        if (call.expect === 'inside') {
          assert.ok(status >= 200 && status < 300, `${where}: answered ${status} ${text.slice(0, 300)}`);
          for (const body of bodies) {
            checkInside(world, viewer, call, body, text, where);
            endpoint.check?.(world, viewer, body, call);
          }
        } else {
          assert.ok(status === 403 || status === 404, `${where}: answered ${status}, not 403/404`);
          assert.doesNotMatch(text, /Route \w+:.* not found/, `${where}: the route is missing`);
          for (const marker of foreignMarkers(world, viewer)) assert.ok(!text.includes(marker), `${where}: names ${marker} of the other company`);
          assert.equal(await state(world), before, `${where}: changed something`);
        }
      }
    }
  }
  // No refused call ended anyone's session.
  for (const viewer of world.viewers) assert.equal((await viewer.browser.send(world.app, 'GET', '/app/api/me')).statusCode, 200, `person ${viewer.index} is still signed in`);
}

describe('no session reads or changes anything outside its scope (generated org charts, every app endpoint)', () => {
  it('every endpoint of the table answers within the scope and refuses outside it', async () => {
    const chart = orgChart({ roles: ROLES, permissions: ['view_all_feedback', 'manage_users'], groups: GROUPS, maxPeople: 7, maxInteractions: 8 });
    await fc.assert(
      fc.asyncProperty(chart, async (generated) => {
        await probe(await build(generated));
      }),
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
  });

  it('a fixed chart with every case: two leaders, a reporting group, view_all_feedback, an admin', async () => {
    // 0 lead A, 1 lead B (led by A), 2 agent led by A and B, 3 agent in North, 4 QA reporting on North,
    // 5 view_all_feedback, 6 admin; 7 and 8 in the other company (8 led by 7).
    const person = (index: number, company: number, role: string, leaders: number[] = [], extra: Partial<OrgChart['people'][number]> = {}) =>
      ({ index, company, role, leaders, permissions: [], memberOf: [], reportsOn: [], ...extra });
    const chart: OrgChart = {
      people: [
        person(0, 0, 'Team Leader'), person(1, 0, 'Team Leader', [0]), person(2, 0, 'Team Member [Default]', [0, 1]),
        person(3, 0, 'Team Member [Default]', [], { memberOf: ['North'] }), person(4, 0, 'QA Reviewer', [], { reportsOn: ['North'] }),
        person(5, 0, 'Team Member [Default]', [], { permissions: ['view_all_feedback'] }), person(6, 0, 'Admin'),
        person(7, 1, 'Team Leader'), person(8, 1, 'Team Member [Default]', [7], { memberOf: ['North'] }),
      ],
      interactions: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((who) => ({ who, isTest: false, stars: 5 })).concat([{ who: 2, isTest: true, stars: 1 }]),
    };
    const world = await build(chart);
    const v = world.viewers;
    assert.deepEqual(world.team(v[0]), [v[1].id, v[2].id]);
    assert.deepEqual(world.team(v[1]), [v[2].id], 'both leaders have the shared agent');
    const me = async (i: number) => (await v[i].browser.send(ctx.app, 'GET', '/app/api/me')).json().employee;
    assert.deepEqual((await me(1)).team_member_ids, [v[2].id]);
    assert.equal((await me(1)).sees, 'team');
    assert.equal((await me(2)).sees, 'own');
    assert.equal((await me(4)).sees, 'team');
    assert.equal((await me(5)).sees, 'company');
    assert.equal((await me(6)).sees, 'company');
    assert.ok(!world.sees(v[4], v[8].id), "the other company's North is not ours");
    await probe(world);
  });
});
