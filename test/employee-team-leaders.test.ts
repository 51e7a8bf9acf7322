import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest, migrations } from '../src/db/migrate.ts';
import type { EmployeeRow } from '../src/db/schema.ts';
import { EmployeesRepository } from '../src/modules/employees/employees.repository.ts';
import { TeamLeadersRepository } from '../src/modules/employees/team-leaders.repository.ts';
import { assertRefused, runCli, runCliWithInput } from './helpers/cli.ts';
import { createTestDatabase } from './helpers/database.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// Several team leaders per employee: employee_team_leaders decides who leads whom,
// employees.team_leader_id stays the primary one the public API shows.
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const cli = (...args: string[]) => runCli(ctx.env, ...args);

async function leaders(companyId: number, employeeId: number): Promise<number[]> {
  return (await new TeamLeadersRepository(ctx.db.kysely).leadersOf(companyId, [employeeId])).get(employeeId)!;
}

async function row(companyId: number, email: string): Promise<EmployeeRow> {
  return ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('email_key', '=', email.toLowerCase()).executeTakeFirstOrThrow();
}

async function chart() {
  const company = await createCompany(ctx.services);
  const lead = (role = 'Team Leader') => createEmployee(ctx.services, company.id, { role, manageTeam: true });
  const [ana, ben, cora] = [await lead(), await lead(), await lead()];
  return { company, ana, ben, cora };
}

describe('employee add/update --team-leader, repeated', () => {
  it('add stores every leader (the first is the primary); each leader reaches the employee', async () => {
    const { company, ana, ben } = await chart();
    const result = await runCliWithInput(ctx.env, 'correct horse battery\n', 'employee', 'add', '--company', company.subdomain, '--email', 'Dee@example.com',
      '--first-name', 'Dee', '--last-name', 'Lopez', '--team-leader', ben.email, '--team-leader', ana.email, '--password-stdin', '--json');
    assert.equal(result.code, 0, result.stderr);
    const view = JSON.parse(result.stdout);
    assert.equal(view.team_leader_id, ben.id, 'the public shape shows the primary leader');
    assert.equal(view.team_leader_email, ben.email);
    assert.equal(Object.hasOwn(view, 'team_leader_ids'), false, 'the public shape is unchanged');
    const dee = await row(company.id, 'dee@example.com');
    assert.equal(dee.team_leader_id, ben.id);
    assert.deepEqual(await leaders(company.id, dee.id), [ben.id, ana.id]);
    const reach = new EmployeesRepository(ctx.db.kysely);
    assert.deepEqual((await reach.reach(company.id, ana.id)).teamMemberIds, [dee.id]);
    assert.deepEqual((await reach.reach(company.id, ben.id)).teamMemberIds, [dee.id]);

    const text = await cli('employee', 'list', '--company', company.subdomain);
    assert.match(text.stdout, new RegExp(`dee@example\\.com .*${ben.email.replace(/\./g, '\\.')}, ${ana.email.replace(/\./g, '\\.')}`, 'i'));
    const filtered = await ctx.as(company).get(`/v2/employees?team_leader_ids=${ana.id}`);
    assert.deepEqual(filtered.json().employees.map((e: { email: string }) => e.email), ['Dee@example.com'], 'the list filter matches any of the leaders');
  });

  it('update replaces the set, shows every leader, and "unassigned" clears them all', async () => {
    const { company, ana, ben, cora } = await chart();
    const agent = await createEmployee(ctx.services, company.id, { teamLeaderId: ana.id });
    assert.deepEqual(await leaders(company.id, agent.id), [ana.id], 'employees.add writes the join row');
    const update = (...flags: string[]) => cli('employee', 'update', '--company', company.subdomain, '--email', agent.email, ...flags);

    const text = await update('--team-leader', cora.email, '--team-leader', ben.email);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^team_leader +${cora.email.replace(/\./g, '\\.')}, ${ben.email.replace(/\./g, '\\.')}$`, 'm'));
    assert.deepEqual(await leaders(company.id, agent.id), [cora.id, ben.id]);
    assert.equal((await row(company.id, agent.email)).team_leader_id, cora.id);
    const reach = new EmployeesRepository(ctx.db.kysely);
    assert.deepEqual((await reach.reach(company.id, ana.id)).teamMemberIds, [], 'the old leader no longer reaches them');
    assert.deepEqual((await reach.reach(company.id, ben.id)).teamMemberIds, [agent.id]);

    const other = await update('--first-name', 'Eli');
    assert.equal(other.code, 0, other.stderr);
    assert.deepEqual(await leaders(company.id, agent.id), [cora.id, ben.id], 'other changes leave the leaders alone');

    const cleared = await update('--team-leader', 'unassigned', '--json');
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(JSON.parse(cleared.stdout).team_leader_id, null);
    assert.deepEqual(await leaders(company.id, agent.id), []);
    assert.deepEqual((await reach.reach(company.id, cora.id)).teamMemberIds, []);
  });

  it('the public API sets one leader: it replaces the whole set', async () => {
    const { company, ana, ben, cora } = await chart();
    const agent = await createEmployee(ctx.services, company.id);
    assert.equal((await cli('employee', 'update', '--company', company.subdomain, '--email', agent.email, '--team-leader', ana.email, '--team-leader', ben.email)).code, 0);
    const put = await ctx.as(company).put(`/v2/employees/${encodeURIComponent(agent.email)}`, { team_leader_email: cora.email });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().team_leader_id, cora.id);
    assert.deepEqual(await leaders(company.id, agent.id), [cora.id]);
    const none = await ctx.as(company).put(`/v2/employees/${encodeURIComponent(agent.email)}`, { team_leader_id: null });
    assert.equal(none.statusCode, 200, none.body);
    assert.deepEqual(await leaders(company.id, agent.id), []);
    const untouched = await ctx.as(company).put(`/v2/employees/${encodeURIComponent(agent.email)}`, { first_name: 'Fay' });
    assert.equal(untouched.statusCode, 200, untouched.body);
    assert.deepEqual(await leaders(company.id, agent.id), []);
  });

  it('refuses each bad leader by name, "unassigned" with others, deactivated leaders and reporting loops; nothing changes', async () => {
    const { company, ana, ben } = await chart();
    const agent = await createEmployee(ctx.services, company.id, { teamLeaderId: ana.id });
    const plain = await createEmployee(ctx.services, company.id);
    const gone = await createEmployee(ctx.services, company.id, { role: 'Team Leader', manageTeam: true });
    assert.equal((await cli('employee', 'deactivate', '--company', company.subdomain, '--email', gone.email)).code, 0);
    const base = ['employee', 'update', '--company', company.subdomain, '--email', agent.email];
    await assertRefused(ctx.env, [...base, '--team-leader', ben.email, '--team-leader', 'nobody@example.com'], /--team-leader "nobody@example.com" does not match an employee of this company/);
    await assertRefused(ctx.env, [...base, '--team-leader', ben.email, '--team-leader', plain.email], new RegExp(`--team-leader "${plain.email}" does not manage a team`));
    await assertRefused(ctx.env, [...base, '--team-leader', gone.email], new RegExp(`--team-leader "${gone.email}" is deactivated`));
    await assertRefused(ctx.env, [...base, '--team-leader', ben.email, '--team-leader', 'unassigned'], /"unassigned" clears every team leader and cannot be given with other team leaders/);
    assert.deepEqual(await leaders(company.id, agent.id), [ana.id]);

    // ben is now led by ana: ana led by ben would be a loop.
    assert.equal((await cli('employee', 'update', '--company', company.subdomain, '--email', ben.email, '--team-leader', ana.email)).code, 0);
    await assertRefused(ctx.env, ['employee', 'update', '--company', company.subdomain, '--email', ana.email, '--team-leader', ben.email], /reporting loop/);
    await assertRefused(ctx.env, ['employee', 'update', '--company', company.subdomain, '--email', ana.email, '--team-leader', ana.email], /cannot be their own team leader/);
    const add = ['employee', 'add', '--company', company.subdomain, '--email', 'new@example.com', '--first-name', 'N', '--last-name', 'P', '--role', 'Team Member [Default]'];
    await assertRefused(ctx.env, [...add, '--team-leader', ana.email, '--team-leader', gone.email], /is deactivated/);
    assert.equal((await ctx.db.kysely.selectFrom('employees').select('id').where('company_id', '=', company.id).where('email_key', '=', 'new@example.com').execute()).length, 0);
  });

  it('a leader of another company never counts (tenant isolation)', async () => {
    const mine = await chart();
    const theirs = await chart();
    const agent = await createEmployee(ctx.services, mine.company.id);
    await assertRefused(ctx.env, ['employee', 'update', '--company', mine.company.subdomain, '--email', agent.email, '--team-leader', theirs.ana.email],
      /does not match an employee of this company/);
    const put = await ctx.as(mine.company).put(`/v2/employees/${encodeURIComponent(agent.email)}`, { team_leader_id: theirs.ana.id });
    assert.equal(put.statusCode, 422);
    // Even a row written behind the application's back under the wrong company is never read across companies.
    const stranger = await createEmployee(ctx.services, theirs.company.id, { teamLeaderId: theirs.ben.id });
    const reach = new EmployeesRepository(ctx.db.kysely);
    assert.deepEqual((await reach.reach(mine.company.id, theirs.ben.id)).teamMemberIds, [], 'company id first');
    assert.deepEqual((await reach.reach(theirs.company.id, theirs.ben.id)).teamMemberIds, [stranger.id]);
    const teams = new TeamLeadersRepository(ctx.db.kysely);
    assert.deepEqual(await teams.teamMemberIds(mine.company.id, theirs.ben.id), []);
    assert.deepEqual(await teams.teamMemberIds(theirs.company.id, theirs.ben.id), [stranger.id]);
  });
});

describe('migration 130-employee-team-leaders', () => {
  it("backfills every employee's leader from employees.team_leader_id, never across companies", async () => {
    const database = await createTestDatabase();
    const db = openDatabase(database.url);
    try {
      const migrationTableSchema = db.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0].s : undefined;
      const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '130'));
      assert.equal((await new Migrator({ db: db.kysely, provider: { getMigrations: async () => earlier }, migrationTableSchema }).migrateToLatest()).error, undefined);
      const now = Date.now();
      const company = async (subdomain: string) =>
        (await db.kysely.insertInto('companies').values({ name: subdomain, subdomain, test_email: null, channels: '["phone"]', languages: '["en"]', settings: '{}', created_at: now, updated_at: now })
          .returning('id').executeTakeFirstOrThrow()).id;
      const [a, b] = [await company('olda'), await company('oldb')];
      const person = async (companyId: number, email: string, leaderId: number | null) =>
        (await db.kysely.insertInto('employees').values({ company_id: companyId, email, email_key: email, status: 'active', role: 'Team Leader', manage_team: 1, team_leader_id: leaderId, created_at: now, updated_at: now })
          .returning('id').executeTakeFirstOrThrow()).id;
      const lead = await person(a, 'lead@a.example', null);
      const agent = await person(a, 'agent@a.example', lead);
      const foreignLead = await person(b, 'lead@b.example', null);
      const crossed = await person(a, 'crossed@a.example', foreignLead);

      await migrateToLatest(db);

      const rows = await db.kysely.selectFrom('employee_team_leaders').selectAll().orderBy('employee_id').execute();
      assert.deepEqual(rows.map((r) => [Number(r.company_id), Number(r.employee_id), Number(r.team_leader_id), Number(r.position)]), [[a, agent, lead, 0]]);
      assert.ok(!rows.some((r) => Number(r.employee_id) === crossed), 'a leader of another company is not carried over');
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
