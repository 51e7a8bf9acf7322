import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../src/lib/passwords.ts';
import { assertRefused, runCliWithInput } from './helpers/cli.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const add = (input: string, ...args: string[]) => runCliWithInput(ctx.env, input, 'employee', 'add', ...args);

async function stored(companyId: number, email: string) {
  return ctx.services.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('email_key', '=', email).executeTakeFirstOrThrow();
}

describe('agent-connect employee add --role --team-leader --password-stdin', () => {
  it('creates an active employee who can log in, with the role and team leader given, and sends no invitation', async () => {
    const company = await createCompany(ctx.services);
    const leader = await createEmployee(ctx.services, company.id, { manageTeam: true, role: 'Team Leader' });
    const password = 'correct horse battery';
    const result = await add(`${password}\n`, '--company', company.subdomain, '--email', 'nina@example.com', '--first-name', 'Nina', '--last-name', 'Ruiz', '--role', 'Team Leader', '--team-leader', leader.email, '--password-stdin', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes(password) && !result.stderr.includes(password));
    const view = JSON.parse(result.stdout);
    assert.equal(view.status, 'active');
    assert.equal(view.role, 'Team Leader');
    assert.equal(view.team_leader_email, leader.email);
    const row = await stored(company.id, 'nina@example.com');
    assert.equal(row.password_must_change, 0);
    assert.equal(await verifyPassword(password, row.password_hash!), true);
    assert.ok(!row.password_hash!.includes(password));
    const outbox = await ctx.services.db.kysely.selectFrom('outbox').select('kind').where('company_id', '=', company.id).execute();
    assert.deepEqual(outbox, []);

    const text = await add(`${password}\r\n`, '--company', company.subdomain, '--email', 'omar@example.com', '--first-name', 'Omar', '--last-name', 'Diaz', '--password-stdin');
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, `employee omar@example.com added to ${company.subdomain} (can log in now)\n`);
    assert.equal(await verifyPassword(password, (await stored(company.id, 'omar@example.com')).password_hash!), true, 'a CRLF line ending is not part of the password');
  });

  it('without --password-stdin, --role alone adds an employee with no password', async () => {
    const company = await createCompany(ctx.services);
    const result = await add('', '--company', company.subdomain, '--email', 'paz@example.com', '--first-name', 'Paz', '--last-name', 'Vega', '--role', 'Team Leader');
    assert.equal(result.code, 0, result.stderr);
    const row = await stored(company.id, 'paz@example.com');
    assert.equal(row.role, 'Team Leader');
    assert.equal(row.status, 'active');
    assert.equal(row.password_hash, null);
  });

  it('refuses unknown roles, unknown or non-leading team leaders and passwords the set-password page refuses', async () => {
    const company = await createCompany(ctx.services);
    const agent = await createEmployee(ctx.services, company.id);
    const base = ['employee', 'add', '--company', company.subdomain, '--email', 'new@example.com', '--first-name', 'New', '--last-name', 'Person'];
    await assertRefused(ctx.env, [...base, '--role', 'Astronaut'], /--role "Astronaut" does not exist; roles of this company: .*Team Leader/);
    await assertRefused(ctx.env, [...base, '--team-leader', 'nobody@example.com'], /--team-leader "nobody@example.com" does not match an employee of this company/);
    await assertRefused(ctx.env, [...base, '--team-leader', agent.email], /--team-leader ".*" does not manage a team/);
    await assertRefused(ctx.env, [...base, '--password-stdin'], /--password-stdin: Your password must be at least 8 characters long/);
    const short = await add('short\n', ...base.slice(2), '--password-stdin');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8 characters/);
    assert.ok(!short.stderr.includes('short\n') && !/\bshort\b/.test(short.stderr.replace('characters', '')));
    const long = await add(`${'x'.repeat(201)}\n`, ...base.slice(2), '--password-stdin');
    assert.match(long.stderr, /at most 200 characters/);
    assert.equal((await ctx.services.db.kysely.selectFrom('employees').select('id').where('company_id', '=', company.id).execute()).length, 1, 'nothing was added');
  });
});
