import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertRefused, runCli } from './helpers/cli.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const cli = (...args: string[]) => runCli(ctx.env, ...args);

const refused = (args: string[], reason: RegExp) => assertRefused(ctx.env, args, reason);

/** A company with a team leader (who manages a team) and two agents. */
async function team() {
  const company = await createCompany(ctx.services);
  const leader = await createEmployee(ctx.services, company.id, { firstName: 'Alice', lastName: 'Jones', manageTeam: true, role: 'Team Leader' });
  const samantha = await createEmployee(ctx.services, company.id, { firstName: 'Samantha', lastName: 'Reyes' });
  const john = await createEmployee(ctx.services, company.id, { firstName: 'John', lastName: 'Smith' });
  return { company, leader, samantha, john };
}

describe('agent-connect employee list', () => {
  it('lists every employee as a table or JSON, filtered by status', async () => {
    const { company, leader, samantha, john } = await team();
    const json = await cli('employee', 'list', '--company', company.subdomain, '--json');
    assert.equal(json.code, 0, json.stderr);
    const all = JSON.parse(json.stdout);
    assert.deepEqual(all.map((e: { email: string }) => e.email), [leader.email, samantha.email, john.email]);
    assert.equal(all[1].first_name, 'Samantha');
    assert.equal(all[1].status, 'active');

    const table = await cli('employee', 'list', '--company', company.subdomain);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    assert.match(header, /^EMAIL +NAME +CUSTOM_ID +STATUS +ROLE +TEAM_LEADER$/);
    assert.equal(rows.length, 3);
    assert.match(rows[1], new RegExp(`^${samantha.email} +Samantha Reyes +${samantha.custom_id} +active +`));
    assert.equal(header.indexOf('STATUS'), rows[1].indexOf('active'), 'columns are aligned');

    assert.equal((await cli('employee', 'deactivate', '--company', company.subdomain, '--email', john.email)).code, 0);
    const inactive = JSON.parse((await cli('employee', 'list', '--company', company.subdomain, '--status', 'inactive', '--json')).stdout);
    assert.deepEqual(inactive.map((e: { email: string }) => e.email), [john.email]);
    const active = JSON.parse((await cli('employee', 'list', '--company', company.subdomain, '--status', 'active', '--json')).stdout);
    assert.deepEqual(active.map((e: { email: string }) => e.email), [leader.email, samantha.email]);

    const bad = await cli('employee', 'list', '--company', company.subdomain, '--status', 'retired');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Allowed choices are active, inactive, deactivated, pending/);
    const empty = await createCompany(ctx.services);
    assert.equal((await cli('employee', 'list', '--company', empty.subdomain)).stdout, 'no employees\n');
  });

  it('pages through more employees than one provisioning page', async () => {
    const company = await createCompany(ctx.services);
    const now = Date.now();
    const rows = Array.from({ length: 620 }, (_, i) => ({
      company_id: company.id, email: `bulk${i}@example.com`, email_key: `bulk${i}@example.com`, status: i % 2 === 0 ? 'active' : 'deactivated',
      role: 'Team Member [Default]', manage_team: 0, created_at: now, updated_at: now,
    }));
    await ctx.db.kysely.insertInto('employees').values(rows).execute();
    const all = JSON.parse((await cli('employee', 'list', '--company', company.subdomain, '--json')).stdout);
    assert.equal(all.length, 620);
    assert.equal(new Set(all.map((e: { email: string }) => e.email)).size, 620);
    const inactive = JSON.parse((await cli('employee', 'list', '--company', company.subdomain, '--status', 'inactive', '--json')).stdout);
    assert.equal(inactive.length, 310);
  });
});

describe('agent-connect employee update', () => {
  it('changes only the given fields, with the provisioning API\'s rules', async () => {
    const { company, leader, samantha } = await team();
    const result = await cli('employee', 'update', '--company', company.subdomain, '--email', samantha.email.toUpperCase(),
      '--first-name', 'Sam', '--bio', 'Ten years of helping customers.', '--photo', 'https://cdn.example.com/sam.png',
      '--team-leader', leader.email, '--custom-id', 'S-1', '--json');
    assert.equal(result.code, 0, result.stderr);
    const updated = JSON.parse(result.stdout);
    assert.equal(updated.first_name, 'Sam');
    assert.equal(updated.last_name, 'Reyes', 'not given, not changed');
    assert.equal(updated.profile_text, 'Ten years of helping customers.');
    assert.equal(updated.image, 'https://cdn.example.com/sam.png');
    assert.equal(updated.team_leader_email, leader.email);
    assert.equal(updated.custom_employee_id, 'S-1');

    const stored = await ctx.services.provisioning.get(await ctx.services.companies.requireBySubdomain(company.subdomain), samantha.email);
    assert.equal(stored.first_name, 'Sam');
    assert.equal(stored.team_leader_id, leader.id);

    const text = await cli('employee', 'update', '--company', company.subdomain, '--email', 'S-1', '--last-name', 'Reyes-Ortiz', '--team-leader', 'unassigned');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^name +Sam Reyes-Ortiz$/m);
    assert.match(text.stdout, /^team_leader +-$/m);
    const cleared = JSON.parse((await cli('employee', 'update', '--company', company.subdomain, '--email', samantha.email, '--bio', '', '--json')).stdout);
    assert.equal(cleared.profile_text, null, 'an empty value clears');
  });

  it('refuses bad values in one line naming the option, and a file path as photo', async () => {
    const { company, samantha, john } = await team();
    const base = ['employee', 'update', '--company', company.subdomain, '--email', samantha.email];
    await refused([...base, '--team-leader', john.email], /^error: --team-leader ".*" does not manage a team/);
    await refused([...base, '--team-leader', 'nobody@example.com'], /--team-leader "nobody@example.com" does not match an employee of this company/);
    await refused([...base, '--custom-id', john.custom_id!], /--custom-id ".*" is already used by another employee/);
    await refused([...base, '--photo', 'https://cdn.example.com/sam.jpg'], /--photo must be a PNG/);
    await refused([...base, '--role', 'Pilot'], /--role "Pilot" does not exist; roles of this company: /);
    await refused([...base, '--bio', 'x'.repeat(5001)], /--bio must be at most 5000 characters/);
    await refused(base, /nothing to change: give at least one of --first-name, --last-name, --custom-id, --bio, --photo, --team-leader, --role, --title/);

    const file = path.join(ctx.config.dataDir, 'sam.png');
    fs.writeFileSync(file, Buffer.from('89504e470d0a1a0a', 'hex'));
    await refused([...base, '--photo', file], /--photo takes the public http\(s\) URL of a PNG image.*looks like a file path: upload it with agent-connect employee photo/);
    await refused([...base, '--photo', 'photos/sam.png'], /looks like a file path/);
    const unchanged = await ctx.services.provisioning.get(await ctx.services.companies.requireBySubdomain(company.subdomain), samantha.email);
    assert.equal(unchanged.image, null);
    assert.equal(unchanged.team_leader_id, null);
  });

  it('an unknown company or email is one line and exit 1', async () => {
    const { company } = await team();
    await refused(['employee', 'update', '--company', 'no-such-co', '--email', 'a@example.com', '--first-name', 'A'], /^error: no company with subdomain "no-such-co"\n$/);
    await refused(['employee', 'update', '--company', company.subdomain, '--email', 'ghost@example.com', '--first-name', 'A'],
      new RegExp(`^error: no employee with email or custom id "ghost@example.com" in ${company.subdomain}\\n$`));
    await refused(['employee', 'deactivate', '--company', company.subdomain, '--email', 'ghost@example.com'], /no employee with email or custom id "ghost@example.com"/);
    await refused(['employee', 'activate', '--company', 'no-such-co', '--email', 'ghost@example.com'], /no company with subdomain "no-such-co"/);
    await refused(['employee', 'list', '--company', 'no-such-co'], /no company with subdomain "no-such-co"/);
  });
});

describe('agent-connect employee deactivate and activate', () => {
  it('a deactivated employee cannot be named in feedback requests until activated again', async () => {
    const { company, samantha } = await team();
    const body = { customer: { email: 'c@example.com' }, employee: { email: samantha.email }, channel: 'chat', do_not_send: true };
    const post = () => ctx.as(company).post('/v1/requests', body);
    assert.equal((await post()).statusCode, 200);

    const off = await cli('employee', 'deactivate', '--company', company.subdomain, '--email', samantha.email);
    assert.equal(off.code, 0, off.stderr);
    assert.equal(off.stdout, `employee ${samantha.email} is now deactivated\n`);
    await eventuallyStatus(post, 400);

    const on = await cli('employee', 'activate', '--company', company.subdomain, '--email', samantha.email, '--json');
    assert.equal(JSON.parse(on.stdout).status, 'active');
    await eventuallyStatus(post, 200);
  });
});

/** The server process caches employees; the CLI's change reaches it within a cache poll. */
async function eventuallyStatus(post: () => Promise<{ statusCode: number; body: string }>, status: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const response = await post();
    if (response.statusCode === status) return;
    if (Date.now() > deadline) assert.fail(`expected ${status}, still ${response.statusCode}: ${response.body}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
