import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { companyWithEmployee, seedRequestBody } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let company: CompanyCredentials;
let employeeEmail: string;
let initialRequestId: string;
before(async () => {
  ctx = await createTestContext();
  ({ company, employeeEmail } = await companyWithEmployee(ctx.services, 'blancakids'));
  initialRequestId = (await send('/v1/requests', JSON.stringify(seedRequestBody({ email: employeeEmail, custom_id: null })))).json().request_id;
});
after(() => ctx.close());

function send(url: string, payload: string | Buffer, contentType = 'application/json') {
  return ctx.as(company).post(url, undefined, { payload, headers: { 'content-type': contentType } });
}

const ENDPOINTS = ['/v1/requests', '/v1/recoveries'];

describe('bodies that are not a request', () => {
  for (const url of ENDPOINTS) {
    it(`${url}: malformed JSON, wrong type, empty, arrays and scalars get a 4xx JSON answer`, async () => {
      const cases: [string, string, number][] = [
        ['{"customer": ', 'application/json', 400],
        ['', 'application/json', 400],
        ['[]', 'application/json', 400],
        ['[{"channel":"chat"}]', 'application/json', 400],
        ['"a string"', 'application/json', 400],
        ['42', 'application/json', 400],
        ['null', 'application/json', 400],
        ['{"__proto__": {"admin": true}}', 'application/json', 400],
        ['customer=1', 'application/x-www-form-urlencoded', 415],
        ['{"channel":"chat"}', 'text/plain', 415],
      ];
      for (const [payload, contentType, status] of cases) {
        const response = await send(url, payload, contentType);
        assert.equal(response.statusCode, status, `${contentType} ${payload} → ${response.body}`);
        const body = response.json();
        assert.ok(Array.isArray(body.validation_errors) && body.validation_errors.length > 0, response.body);
      }
    });

    it(`${url}: no body and no Content-Type gets 400 naming the problem`, async () => {
      const response = await ctx.as(company).post(url);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(response.json().validation_errors, ['body must be a JSON object']);
    });

    it(`${url}: a body over 1 MB gets 413 with a JSON body`, async () => {
      const huge = JSON.stringify({ customer: { email: 'a@b.co', name: 'x'.repeat(1024 * 1024 + 10) } });
      const response = await send(url, huge);
      assert.equal(response.statusCode, 413);
      assert.deepEqual(response.json().validation_errors, ['body is larger than the 1 MB limit']);
    });
  }

  it('/v1/requests reads its own body text with the same refusals as the routes Fastify parses for', async () => {
    for (const payload of ['{"customer": ', '']) {
      const own = await send('/v1/requests', payload);
      const parsedByFastify = await send('/v1/requests/batch', payload);
      assert.equal(own.statusCode, 400);
      assert.deepEqual(own.json(), parsedByFastify.json(), `for ${JSON.stringify(payload)}`);
    }
  });

  it('a body nested thousands of levels deep gets 400 naming the problem, not a stack overflow', async () => {
    for (const url of ENDPOINTS) {
      for (const depth of [33, 5_000, 100_000]) {
        const deep = `{"customer":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
        const response = await send(url, deep);
        assert.equal(response.statusCode, 400, `${url} depth ${depth}: ${response.body}`);
        assert.deepEqual(response.json().validation_errors, ['body is nested more than 32 levels deep']);
      }
      const arrays = await send(url, `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
      assert.equal(arrays.statusCode, 400, arrays.body);
    }
  });

  it('judges bodies nested 32 levels deep by their schema and drops NUL characters from their keys and strings', async () => {
    // custom_properties is the body's second level: `levels` objects in it reach level levels + 1.
    // At 32 levels the body passes the depth check and is judged by the schema alone.
    const nested = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
    const body = (levels: number) => seedRequestBody({ email: employeeEmail, custom_id: null }, { custom_properties: nested(levels) });
    const deepest = await send('/v1/requests', JSON.stringify(body(31)));
    assert.deepEqual(deepest.json().validation_errors, ['custom_properties.a must be a string']);
    const tooDeep = await send('/v1/requests', JSON.stringify(body(32)));
    assert.deepEqual(tooDeep.json().validation_errors, ['body is nested more than 32 levels deep']);

    const withNul = seedRequestBody({ email: employeeEmail, custom_id: null }, { custom_properties: { 'k\u0000ey': 'va\u0000lue' } });
    withNul.customer = { ...withNul.customer, name: 'Jo\u0000hn' };
    const response = await send('/v1/requests', JSON.stringify(withNul));
    assert.equal(response.statusCode, 200, response.body);
    const row = await ctx.db.kysely.selectFrom('interactions').select(['customer_name', 'custom_properties']).where('uuid', '=', response.json().request_id).executeTakeFirstOrThrow();
    assert.equal(row.customer_name, 'John');
    assert.deepEqual(JSON.parse(row.custom_properties!), { key: 'value' });
  });

  it('refuses nothing stored when a request is refused', async () => {
    const before = await ctx.db.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await send('/v1/requests', JSON.stringify(seedRequestBody({ email: employeeEmail, custom_id: null }, { channel: 'fax' })));
    const afterCount = await ctx.db.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });
});

describe('URLs refused before routing', () => {
  it('a path that is not valid percent-encoding gets 400 in the usual error shape, with the request id', async () => {
    for (const url of ['/v2/data/%E0%A4%A', '/v1/requests/%', '/v2/employees/%zz']) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'caller-chosen-id' } });
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(response.json(), { error: 'Bad Request', message: `'${url}' is not a valid url component` });
      assert.equal(response.headers['x-request-id'], 'caller-chosen-id');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    }
  });
});

describe('random JSON (property-based)', () => {
  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  const hostileString = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', "'; DROP TABLE interactions; --", '\ud800', 'e\u0301', '😀'.repeat(600)),
  );
  const nearlyValid = fc.record(
    {
      customer: fc.oneof(fc.record({ email: fc.oneof(fc.emailAddress(), hostileString), name: fc.oneof(hostileString, jsonValue) }), jsonValue),
      employee: fc.oneof(fc.record({ email: fc.oneof(fc.constant(''), hostileString), custom_id: jsonValue }), jsonValue),
      channel: fc.oneof(fc.constantFrom('chat', 'phone', 'email'), hostileString, jsonValue),
      tags: fc.oneof(fc.array(hostileString, { maxLength: 25 }), jsonValue),
      custom_properties: fc.oneof(fc.dictionary(hostileString, hostileString), jsonValue),
      country: fc.oneof(fc.constantFrom('us', 'GB', 'USA'), hostileString),
      language: fc.oneof(fc.constantFrom('en', 'en-US'), hostileString),
      do_not_send: fc.oneof(fc.boolean(), jsonValue),
      initial_feedback_request_id: fc.oneof(fc.uuid(), hostileString),
      ext_interaction_id: fc.oneof(hostileString, jsonValue),
      external_url: fc.oneof(fc.webUrl(), hostileString),
    },
    { requiredKeys: [] },
  );
  /**
   * A request naming the company's real employee (a recovery: of a stored request), with hostile
   * text where text goes: often stored.
   */
  const storable = (url: string) =>
    fc
      .record({ name: hostileString, tags: fc.array(hostileString, { maxLength: 5 }), ext: hostileString, properties: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) })
      .map(({ name, tags, ext, properties }) =>
        url === '/v1/recoveries'
          ? { initial_feedback_request_id: initialRequestId, employee: { email: employeeEmail }, tags, custom_properties: properties, do_not_send: true }
          : seedRequestBody({ email: employeeEmail, custom_id: null }, { customer: { email: 'someone@example.com', name }, tags, ext_interaction_id: ext, custom_properties: properties }),
      );

  for (const url of ENDPOINTS) {
    it(`${url} never answers 5xx, always explains a 4xx, and stores what it acknowledges`, async () => {
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(jsonValue, nearlyValid, storable(url)), async (value) => {
          const response = await send(url, JSON.stringify(value));
          assert.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(value)}: ${response.body}`);
          if (response.statusCode >= 400) {
            const errors = response.json().validation_errors;
            assert.ok(Array.isArray(errors) && errors.length > 0 && errors.every((e: unknown) => typeof e === 'string'), response.body);
          } else {
            const { request_id: uuid } = response.json();
            assert.match(uuid, /^[0-9a-f-]{36}$/);
            const row = await ctx.db.kysely.selectFrom('interactions').select('uuid').where('company_id', '=', company.id).where('uuid', '=', uuid).executeTakeFirst();
            assert.ok(row, `acknowledged ${uuid} but did not store it`);
            stored++;
          }
        }),
        { numRuns: 300 },
      );
      assert.ok(stored >= 20, `only ${stored} of 300 generated requests were valid enough to be stored`);
      const health = await ctx.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(health.statusCode, 200);
    });
  }
});
