import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { runCli } from './helpers/cli.ts';
import { uniqueName } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';


let database: TestDatabase;
let env: Record<string, string>;
before(async () => {
  // A database the CLI creates and migrates on first use, as on a fresh DATA_DIR.
  database = await createTestDatabase();
  env = { ...process.env, DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'silent' } as Record<string, string>;
});
after(() => database.drop());

const cli = (...args: string[]) => runCli(env, ...args);

async function withApp<T>(action: (ctx: TestContext) => Promise<T>): Promise<T> {
  // An app on the CLI's database (the context's own fresh database goes unused and is dropped).
  const ctx = await createTestContext({ DATABASE_URL: database.url, DATA_DIR: database.dataDir });
  try {
    return await action(ctx);
  } finally {
    await ctx.app.close();
    await ctx.db.close();
    await ctx.database.drop();
  }
}

/** `company create --json` of a Blanca Peak company (two brands, chat and sms, en and es); its output. */
function createBlancaPeak(subdomain: string) {
  return cli('company', 'create', '--name', 'Blanca Peak', '--subdomain', subdomain, '--brand', 'blancapeak', '--brand', 'blancakids', '--channel', 'chat', '--channel', 'sms', '--language', 'en', '--language', 'es', '--test-email', 'qa@blancapeak.com', '--json');
}

/** A Blanca Peak company of its own, with Samantha (custom id 6598260) added through the CLI. */
async function companyWithSamantha(): Promise<CompanyCredentials> {
  const result = await createBlancaPeak(uniqueName('bp'));
  assert.equal(result.code, 0, result.stderr);
  const company = JSON.parse(result.stdout) as CompanyCredentials;
  const added = await cli('employee', 'add', '--company', company.subdomain, '--email', 'samantha@blancapeak.com', '--custom-id', '6598260', '--first-name', 'Samantha', '--json');
  assert.equal(added.code, 0, added.stderr);
  return company;
}

describe('agent-connect CLI', () => {
  it('company create --json prints exactly one object with the credentials', async () => {
    const result = await createBlancaPeak('blancapeak');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const created = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(created).sort(), ['api_key', 'api_secret', 'id', 'name', 'subdomain', 'test_api_key']);
    assert.equal(created.name, 'Blanca Peak');
    assert.equal(created.subdomain, 'blancapeak');
    assert.notEqual(created.api_key, created.test_api_key);
  });

  it('company list shows the brands, channels and languages given', async () => {
    const subdomain = uniqueName('bp');
    assert.equal((await createBlancaPeak(subdomain)).code, 0);
    const result = await cli('company', 'list', '--json');
    assert.equal(result.code, 0, result.stderr);
    const company = JSON.parse(result.stdout).find((c: { subdomain: string }) => c.subdomain === subdomain);
    assert.deepEqual(company.brands, ['blancapeak', 'blancakids']);
    assert.deepEqual(company.channels, ['chat', 'sms']);
    assert.deepEqual(company.languages, ['en', 'es']);
    assert.equal(company.test_email, 'qa@blancapeak.com');
  });

  it('defaults: one brand named after the subdomain, phone/chat/email, en', async () => {
    const result = await cli('company', 'create', '--name', 'Solo', '--subdomain', 'solo', '--json');
    assert.equal(result.code, 0, result.stderr);
    const list = JSON.parse((await cli('company', 'list', '--json')).stdout);
    const solo = list.find((c: { subdomain: string }) => c.subdomain === 'solo');
    assert.deepEqual(solo.brands, ['solo']);
    assert.deepEqual(solo.channels, ['phone', 'chat', 'email']);
    assert.deepEqual(solo.languages, ['en']);
  });

  it('employee add creates an active employee the API accepts, and the created key works', async () => {
    const created = await createBlancaPeak(uniqueName('bp'));
    assert.equal(created.code, 0, created.stderr);
    const company = JSON.parse(created.stdout) as CompanyCredentials;
    const result = await cli('employee', 'add', '--company', company.subdomain, '--email', 'samantha@blancapeak.com', '--custom-id', '6598260', '--first-name', 'Samantha', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).status, 'active');
    await withApp(async (ctx) => {
      const response = await ctx.as(company).post('/v1/requests', { customer: { email: 'c@example.com' }, employee: { custom_id: '6598260' }, channel: 'chat', brand: 'blancakids', language: 'es' });
      assert.equal(response.statusCode, 200, response.body);
    });
  });

  it('company rotate-keys replaces every credential; the old key is refused', async () => {
    const created = await companyWithSamantha();
    const result = await cli('company', 'rotate-keys', created.subdomain, '--json');
    assert.equal(result.code, 0, result.stderr);
    const rotated = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(rotated).sort(), Object.keys(created).sort());
    assert.equal(rotated.id, created.id);
    for (const key of ['api_key', 'test_api_key', 'api_secret'] as const) assert.notEqual(rotated[key], created[key]);
    await withApp(async (ctx) => {
      const payload = { customer: { email: 'c@example.com' }, employee: { custom_id: '6598260' }, channel: 'chat', brand: 'blancakids', language: 'en' };
      const old = await ctx.as(created).post('/v1/requests', payload);
      assert.equal(old.statusCode, 403);
      const fresh = await ctx.as(rotated).post('/v1/requests', payload);
      assert.equal(fresh.statusCode, 200, fresh.body);
    });
  });

  it('bad or missing arguments exit non-zero with a one-line reason', async () => {
    const { subdomain } = await companyWithSamantha();
    const cases: [string[], RegExp][] = [
      [['company', 'create', '--name', 'X'], /required option '--subdomain/],
      [['company', 'create', '--name', 'X', '--subdomain', 'Not A Label!'], /subdomain .* must be a DNS label/],
      [['company', 'create', '--name', 'X', '--subdomain', subdomain], /already taken/],
      [['company', 'create', '--name', 'X', '--subdomain', 'x1', '--test-email', 'nope'], /not a valid email/],
      [['company', 'rotate-keys', 'missing'], /no company with subdomain "missing"/],
      [['employee', 'add', '--company', subdomain, '--email', 'bad'], /not a valid email/],
      [['employee', 'add', '--company', subdomain, '--email', 'samantha@blancapeak.com'], /already exists/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, reason] of cases) {
      const result = await cli(...args);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, reason, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('every command has --help', async () => {
    const commands = [[], ['serve'], ['migrate'], ['company'], ['company', 'create'], ['company', 'list'], ['company', 'show'], ['company', 'rotate-keys'],
      ['employee', 'add'], ['employee', 'list'], ['employee', 'update'], ['employee', 'photo'], ['employee', 'deactivate'], ['employee', 'activate'], ['seed-demo'], ['doctor'],
      ['connection'], ['connection', 'add'], ['connection', 'update'], ['connection', 'list'], ['connection', 'show'], ['connection', 'remove'], ['connection', 'test'], ['connection', 'retry'], ['connection', 'rekey'],
      ['alert'], ['alert', 'add'], ['alert', 'update'], ['alert', 'list'], ['alert', 'remove'], ['alert', 'test']];
    for (const args of commands) {
      const result = await cli(...args, '--help');
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.stdout, /Usage: agent-connect/);
      const options = result.stdout.split(/\n(?=  -)/);
      for (const option of options) assert.ok((option.match(/default/g)?.length ?? 0) <= 1, `a default stated twice in ${args.join(' ')} --help:\n${option}`);
    }
  });

  it('names the bad environment variable', async () => {
    const saved = env.PORT;
    env.PORT = 'eighty';
    const result = await cli('migrate');
    env.PORT = saved;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PORT/);
  });
});
