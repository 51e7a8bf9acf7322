import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FEEDBACK_REQUEST_EXAMPLE } from '../src/modules/requests/requests.schemas.ts';
import { createCompany, createEmployee, seedRequestBody } from './helpers/factories.ts';
import { seedRequest } from './helpers/provisioning.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import type { TestClient } from './helpers/test-client.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

/** A company shaped like the seed's Blanca Peak, with Samantha as an active agent. */
async function seedCompany(options: { brands?: string[]; languages?: string[]; channels?: string[] } = {}) {
  const company = await createCompany(ctx.services, { brands: options.brands ?? ['blancapeak', 'blancakids'], languages: options.languages, channels: options.channels });
  const leader = await createEmployee(ctx.services, company.id, { email: `lead@${company.subdomain}.example`, customId: 'lead-1' });
  const employee = await createEmployee(ctx.services, company.id, {
    email: 'samantha@blancapeak.com',
    customId: '6598260',
    teamLeaderId: leader.id,
  });
  return { company, employee, leader };
}

function post(client: TestClient, body: unknown, url = '/v1/requests') {
  return client.post(url, body, { headers: { accept: 'application/json' } });
}

async function storedInteraction(uuid: string) {
  return ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();
}

describe('POST /v1/requests', () => {
  it('accepts the seed example body exactly as written and stores every field', async () => {
    const { company, employee, leader } = await seedCompany();
    const seedBody = JSON.parse(seedRequest('Create a standard feedback request').body!);
    assert.deepEqual(FEEDBACK_REQUEST_EXAMPLE, seedBody, 'the documented example is the collection\'s body');
    const response = await post(ctx.as(company), seedBody);
    assert.equal(response.statusCode, 200, response.body);
    const { request_id } = response.json();
    // A UUIDv7: time-ordered, with 74 random bits.
    assert.match(request_id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(Object.keys(response.json()), ['request_id']);

    const row = await storedInteraction(request_id);
    const brand = await ctx.db.kysely.selectFrom('brands').selectAll().where('id', '=', row.brand_id).executeTakeFirstOrThrow();
    assert.equal(row.company_id, company.id);
    assert.equal(brand.name, 'blancakids');
    assert.equal(row.channel, 'chat');
    assert.equal(row.employee_id, employee.id);
    assert.equal(row.team_leader_id, leader.id);
    assert.equal(row.customer_email, 'simone@example.com');
    assert.equal(row.customer_name, 'Simone');
    assert.equal(row.customer_custom_id, 'simone123');
    assert.equal(row.country, 'US');
    assert.equal(row.language, 'en');
    assert.deepEqual(JSON.parse(row.tags), ['tags']);
    assert.deepEqual(JSON.parse(row.custom_properties!), { issue_type: 'Order Change Request', order_id: '100928810' });
    assert.equal(row.ext_interaction_id, '49288523');
    assert.equal(row.external_url, 'https://blancapeak.your-source-system.com/cases/49288523');
    assert.equal(row.do_not_send, 1);
    assert.equal(row.delivery_status, 'Do Not Send');
    assert.equal(row.requested_via, 'API');
    assert.equal(row.is_test, 0);
    assert.equal(row.is_recovery, 0);
    assert.equal(row.parent_id, null);
    assert.ok(Math.abs(row.created_at - Date.now()) < 60_000);
    assert.ok(row.sequence_id > 0);
    const outbox = await ctx.db.kysely.selectFrom('outbox').selectAll().where('interaction_id', '=', row.id).execute();
    assert.equal(outbox.length, 0, 'do_not_send writes no outbox row');
  });

  it('stores a sendable request as Pending with an outbox row in the same write', async () => {
    const { company } = await seedCompany();
    const response = await post(ctx.as(company), seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: null }, { do_not_send: false }));
    assert.equal(response.statusCode, 200, response.body);
    const row = await storedInteraction(response.json().request_id);
    assert.equal(row.delivery_status, 'Pending');
    const outbox = await ctx.db.kysely.selectFrom('outbox').selectAll().where('interaction_id', '=', row.id).execute();
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0].kind, 'survey_email');
    assert.equal(outbox[0].status, 'pending');
  });

  it('marks requests made with the test key as test interactions', async () => {
    const { company } = await seedCompany();
    const response = await post(ctx.as(company, { key: 'test' }), seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: null }));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await storedInteraction(response.json().request_id)).is_test, 1);
  });

  it('finds the employee by custom id alone, and by email case-insensitively', async () => {
    const { company, employee } = await seedCompany();
    const byCustomId = await post(ctx.as(company), seedRequestBody({ email: null as unknown as string, custom_id: '6598260' }, { employee: { custom_id: '6598260' } }));
    assert.equal(byCustomId.statusCode, 200, byCustomId.body);
    const byEmail = await post(ctx.as(company), seedRequestBody({ email: 'SAMANTHA@BlancaPeak.com', custom_id: null }, { employee: { email: 'SAMANTHA@BlancaPeak.com' } }));
    assert.equal(byEmail.statusCode, 200, byEmail.body);
    assert.equal((await storedInteraction(byEmail.json().request_id)).employee_id, employee.id);
  });

  it('reports every problem at once, each naming the field and the rule', async () => {
    const { company } = await seedCompany();
    const response = await post(ctx.as(company), {
      customer: { name: 'No Email' },
      employee: {},
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
      custom_properties: { nested: { a: 'b' }, count: 3 },
      country: 'USA',
      language: 'english',
      external_url: 'ftp://files.example.com/x',
      do_not_send: 'yes',
      brand: 'unknown-brand',
      surprise: true,
    });
    assert.equal(response.statusCode, 400);
    const errors: string[] = response.json().validation_errors;
    const expected = [
      'customer.email is required',
      'channel is required',
      'employee.email or employee.custom_id is required',
      'tags must have at most 20 items',
      'custom_properties.nested must be a string',
      'custom_properties.count must be a string',
      'country must be an ISO 3166-1 alpha-2 code such as US or GB',
      'language must be a language tag such as en or en-US',
      'external_url must be an http or https URL',
      'do_not_send must be a boolean',
      'brand must be one of: blancapeak, blancakids',
      'surprise is not allowed',
    ];
    for (const message of expected) assert.ok(errors.includes(message), `missing "${message}" in ${JSON.stringify(errors)}`);
    assert.equal(errors.length, expected.length, JSON.stringify(errors));
  });

  it('validates customer.email, channel, brand, language and country against the company', async () => {
    const { company } = await seedCompany({ languages: ['en', 'es'], channels: ['phone', 'chat', 'email', 'sms'] });
    const cases: [Record<string, unknown>, string][] = [
      [{ customer: { email: 'not-an-email' } }, 'customer.email must be a valid email address'],
      [{ channel: 'fax' }, 'channel must be one of: phone, chat, email, sms'],
      // Found by the fuzz suite: a blank channel was refused with an empty list of errors.
      [{ channel: '' }, 'channel must be one of: phone, chat, email, sms'],
      [{ channel: '  ' }, 'channel must be one of: phone, chat, email, sms'],
      [{ channel: 7 }, 'channel must be a string'],
      [{ brand: undefined }, 'brand is required because the company has several brands: blancapeak, blancakids'],
      [{ language: undefined }, 'language is required because the company has several languages: en, es'],
      [{ language: 'fr' }, 'language must be one of: en, es'],
      [{ tags: ['ok', 7] }, 'tags[1] must be a string'],
      [{ customer: { email: 'simone@example.com', name: 42 } }, 'customer.name must be a string or null'],
    ];
    for (const [override, message] of cases) {
      const body = seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: null }, override);
      const response = await post(ctx.as(company), JSON.parse(JSON.stringify(body)));
      assert.equal(response.statusCode, 400, `${JSON.stringify(override)} → ${response.body}`);
      assert.deepEqual(response.json().validation_errors, [message]);
    }
    for (const ok of [{ language: 'es' }, { language: 'en-US' }, { channel: 'SMS' }, { country: 'gb' }, { brand: 'BlancaKids' }]) {
      const response = await post(ctx.as(company), seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: null }, ok));
      assert.equal(response.statusCode, 200, `${JSON.stringify(ok)} → ${response.body}`);
    }
  });

  it('uses the only brand and the default language when a single-brand company omits them', async () => {
    const company = await createCompany(ctx.services, { brands: ['solo'] });
    const employee = await createEmployee(ctx.services, company.id);
    const response = await post(ctx.as(company), {
      customer: { email: 'c@example.com' },
      employee: { email: employee.email },
      channel: 'phone',
    });
    assert.equal(response.statusCode, 200, response.body);
    const row = await storedInteraction(response.json().request_id);
    assert.equal(row.language, 'en');
    assert.deepEqual(JSON.parse(row.tags), []);
    assert.equal(row.custom_properties, null);
    assert.equal(row.do_not_send, 0);
  });

  it('refuses employees who are unknown or not active', async () => {
    const { company, employee } = await seedCompany();
    const unknown = await post(ctx.as(company), seedRequestBody({ email: 'nobody@blancapeak.com', custom_id: null }, { employee: { email: 'nobody@blancapeak.com' } }));
    assert.deepEqual(unknown.json().validation_errors, ['employee.email does not match an employee of this company']);
    const unknownCustom = await post(ctx.as(company), seedRequestBody({ email: '', custom_id: null }, { employee: { custom_id: 'zzz' } }));
    assert.deepEqual(unknownCustom.json().validation_errors, ['employee.custom_id does not match an employee of this company']);

    await ctx.services.db.kysely.updateTable('employees').set({ status: 'deactivated' }).where('id', '=', employee.id).execute();
    const inactive = await post(ctx.as(company), seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: null }));
    assert.equal(inactive.statusCode, 400);
    assert.deepEqual(inactive.json().validation_errors, ['employee.email matches an employee who is not active (deactivated)']);
  });

  it('truncates string values longer than 2,000 characters instead of refusing them', async () => {
    const { company } = await seedCompany();
    const long = 'x'.repeat(2500);
    const response = await post(
      ctx.as(company),
      seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: null }, {
        customer: { email: 'simone@example.com', name: long },
        tags: [long],
        custom_properties: { note: long },
        ext_interaction_id: long,
      }),
    );
    assert.equal(response.statusCode, 200, response.body);
    const row = await storedInteraction(response.json().request_id);
    assert.equal(row.customer_name!.length, 2000);
    assert.equal(JSON.parse(row.tags)[0].length, 2000);
    assert.equal(JSON.parse(row.custom_properties!).note.length, 2000);
    assert.equal(row.ext_interaction_id!.length, 2000);
  });

  it('keeps tenants apart: a key cannot name another company’s employees', async () => {
    const a = await seedCompany();
    const b = await createCompany(ctx.services, { brands: ['blancakids'] });
    const response = await post(ctx.as(b), seedRequestBody({ email: 'samantha@blancapeak.com', custom_id: '6598260' }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().validation_errors, ['employee.email does not match an employee of this company']);
    const count = await ctx.db.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', b.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    assert.ok(a.company.id !== b.id);
  });
});
