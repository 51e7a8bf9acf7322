import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SecretBox } from '../src/lib/secret-box.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const KEY_1 = randomBytes(32);
const KEY_2 = randomBytes(32);
const MAPPING = { 'customer.email': '/customer', 'employee.email': '/agent', ext_interaction_id: '/id', channel: { const: 'email' } };

let ctx: TestContext;

before(async () => {
  ctx = await createTestContext({ INTEGRATION_SECRETS_KEY: KEY_1.toString('base64') });
});

after(async () => {
  await ctx.close();
});

describe('connection secrets at rest', () => {
  it('stores no secret in clear, and `connection rekey` reseals them under a new key while the old one is listed as previous', async () => {
    const company = await createCompany(ctx.services);
    const agent = await createEmployee(ctx.services, company.id);
    const created = await ctx.services.connections.create(company.id, { kind: 'generic', name: uniqueName('sealed'), api_user: 'api-user@acme.test', api_token: 'tok-very-secret', mapping: MAPPING });
    const secret = created.signing_secret!;
    assert.ok(secret);
    const row = await ctx.db.kysely.selectFrom('connections').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.ok(row.secrets);
    for (const clear of [secret, 'tok-very-secret', 'api-user@acme.test']) assert.ok(!row.secrets.includes(clear), `${clear} is stored in clear`);
    assert.match(row.secrets, /^v1:[0-9a-f]{8}:/);
    assert.ok(!row.options.includes(secret));
    assert.throws(() => new SecretBox(KEY_2).open(row.secrets!), /INTEGRATION_SECRETS_KEY_PREVIOUS/, 'the new key alone cannot open it');

    // The app's connection works with its key.
    const answer = await ctx.app.inject({
      method: 'POST',
      url: new URL(created.inbound_url).pathname,
      headers: { 'content-type': 'application/json', 'x-agent-connect-secret': secret },
      payload: JSON.stringify({ customer: 'casey@example.com', agent: agent.email, id: 'T-1' }),
    });
    assert.equal(answer.statusCode, 200, answer.body);

    const rotated = { ...ctx.env, INTEGRATION_SECRETS_KEY: KEY_2.toString('base64'), INTEGRATION_SECRETS_KEY_PREVIOUS: KEY_1.toString('base64') };
    const rekey = await runCli(rotated, 'connection', 'rekey', '--json');
    assert.equal(rekey.code, 0, rekey.stderr);
    assert.equal(JSON.parse(rekey.stdout).resealed, 1);
    const resealed = await ctx.db.kysely.selectFrom('connections').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.notEqual(resealed.secrets!.split(':')[1], row.secrets.split(':')[1]);
    assert.deepEqual(JSON.parse(new SecretBox(KEY_2).open(resealed.secrets!)), { api_user: 'api-user@acme.test', api_token: 'tok-very-secret', signing_secret: secret });

    const twice = await runCli(rotated, 'connection', 'rekey');
    assert.equal(twice.code, 0, twice.stderr);
    assert.match(twice.stdout, /^0 secrets resealed under the current key/);
  });
});
