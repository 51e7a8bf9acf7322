import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee, seedRequestBody } from '../helpers/factories.ts';
import { signJwt } from '../helpers/jwt.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
let company: CompanyCredentials;
let employee: { email: string; custom_id: string | null };
before(async () => {
  ctx = await createTestContext();
  company = await createCompany(ctx.services, { brands: ['solo'] });
  employee = await createEmployee(ctx.services, company.id);
});
after(() => ctx.close());

/** A body just under the 1 MB limit: `base` plus some 35,000 keys no schema knows. */
function unknownKeys(base: Record<string, unknown>): string {
  const body: Record<string, unknown> = { ...base };
  for (let i = 0; i < 35_000; i++) body[`unknown_field_${i}`] = i;
  const text = JSON.stringify(body);
  assert.ok(text.length > 900_000 && text.length < 1024 * 1024, `body of ${text.length} bytes`);
  return text;
}

function assertSmallAnswer(messages: unknown, body: string, named = 'unknown_field_0 is not allowed'): void {
  assert.ok(Array.isArray(messages), body);
  assert.ok(body.length < 10_000, `the answer is ${body.length} bytes`);
  assert.ok(messages.length <= 26, `${messages.length} messages`);
  assert.equal(new Set(messages).size, messages.length, 'no message repeated');
  assert.ok(messages.includes(named), body);
  assert.match(String(messages.at(-1)), /^and \d+ more problems$/);
}

describe('a body of unknown keys gets a small answer that names the problem', () => {
  for (const url of ['/v1/requests', '/v1/recoveries']) {
    it(`${url}: 400 {"validation_errors"} with at most 25 messages and a count of the rest`, async () => {
      const response = await ctx.as(company).post(url, undefined, { payload: unknownKeys(seedRequestBody(employee)) });
      assert.equal(response.statusCode, 400);
      assertSmallAnswer(response.json().validation_errors, response.body);
      const total = Number(/^and (\d+) more problems$/.exec(response.json().validation_errors.at(-1))![1]);
      assert.ok(total >= 35_000 - 25, `counts the rest (${total})`);
    });
  }

  it('/v1/requests/batch: an item of unknown keys answers at most 25 messages', async () => {
    const payload = `{"requests":[${unknownKeys(seedRequestBody(employee))}]}`;
    const response = await ctx.as(company).post('/v1/requests/batch', undefined, { payload });
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    assertSmallAnswer(response.json().results[0].validation_errors, response.body);
  });

  it('/v2/employees: 422 lists at most 25 messages and a count of the rest', async () => {
    const payload = unknownKeys({ email: 'new.hire@example.com', name: 'New Hire' });
    const response = await ctx.as(company).post('/v2/employees', undefined, { payload, headers: { authorization: `Bearer ${await signJwt(company.api_secret)}` } });
    assert.ok(response.statusCode === 400 || response.statusCode === 422, `${response.statusCode} ${response.body.slice(0, 300)}`);
    assertSmallAnswer(response.json().errors, response.body, 'unknown_field_0 is not a field of an employee');
  });

  it('a key of 100,000 characters is named, cut short', async () => {
    const payload = JSON.stringify({ ...seedRequestBody(employee), ['k'.repeat(100_000)]: 1 });
    const response = await ctx.as(company).post('/v1/requests', undefined, { payload });
    assert.equal(response.statusCode, 400);
    assert.ok(response.body.length < 1_000, `the answer is ${response.body.length} bytes`);
    assert.match(response.json().validation_errors[0], /^k+…$/);
  });
});
