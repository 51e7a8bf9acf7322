import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, createEmployee, seedRequestBody } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function setup() {
  const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
  const employee = await createEmployee(ctx.services, company.id, { email: 'samantha@blancapeak.com', customId: '6598260' });
  const other = await createEmployee(ctx.services, company.id);
  const created = await ctx.as(company).post('/v1/requests', seedRequestBody({ email: employee.email, custom_id: null }, { ext_interaction_id: '64664523' }));
  assert.equal(created.statusCode, 200, created.body);
  return { company, employee, other, requestId: created.json().request_id as string };
}

const seedRecovery = (initialId: string) => ({
  do_not_send: true,
  tags: ['tags'],
  employee: { custom_id: '6598260', email: 'samantha@blancapeak.com' },
  initial_feedback_request_id: initialId,
  ext_interaction_id: '64664523',
  external_url: 'https://blancapeak.your-source-system.com/cases/64664523',
});

const row = (uuid: string) => ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();

describe('POST /v1/recoveries', () => {
  it('links the seed example body to its initial request and inherits the customer', async () => {
    const { company, requestId } = await setup();
    const response = await ctx.as(company).post('/v1/recoveries', seedRecovery(requestId));
    assert.equal(response.statusCode, 200, response.body);
    const recovery = await row(response.json().request_id);
    const parent = await row(requestId);
    assert.equal(recovery.is_recovery, 1);
    assert.equal(recovery.parent_id, parent.id);
    assert.equal(recovery.customer_email, 'simone@example.com');
    assert.equal(recovery.brand_id, parent.brand_id);
    assert.equal(recovery.channel, parent.channel);
    assert.equal(recovery.ext_interaction_id, '64664523');
    assert.equal(recovery.external_url, 'https://blancapeak.your-source-system.com/cases/64664523');
    assert.equal(recovery.delivery_status, 'Do Not Send');
    assert.ok(recovery.sequence_id > parent.sequence_id);
  });

  it('accepts the seed example as written when its request id is unknown but its ext_interaction_id matches', async () => {
    const { company, requestId } = await setup();
    const response = await ctx.as(company).post('/v1/recoveries', seedRecovery('54bd2af9-28cb-48df-8c60-cd27de080cd4'));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await row(response.json().request_id)).parent_id, (await row(requestId)).id);
  });

  it('finds the initial request by ext_interaction_id alone and keeps its employee when none is named', async () => {
    const { company, employee } = await setup();
    const response = await ctx.as(company).post('/v1/recoveries', { ext_interaction_id: '64664523' });
    assert.equal(response.statusCode, 200, response.body);
    const recovery = await row(response.json().request_id);
    assert.equal(recovery.employee_id, employee.id);
    assert.equal(recovery.delivery_status, 'Pending');
  });

  it('lets the recovery name another employee', async () => {
    const { company, other, requestId } = await setup();
    const response = await ctx.as(company).post('/v1/recoveries', { initial_feedback_request_id: requestId, employee: { email: other.email } });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await row(response.json().request_id)).employee_id, other.id);
  });

  it('refuses recoveries that identify no feedback request of this company', async () => {
    const { company, requestId } = await setup();
    const cases: [unknown, string[]][] = [
      [{}, ['initial_feedback_request_id or ext_interaction_id is required']],
      [{ initial_feedback_request_id: 'not-a-uuid' }, ['initial_feedback_request_id must be a request_id (a UUID)']],
      [{ initial_feedback_request_id: '54bd2af9-28cb-48df-8c60-cd27de080cd4' }, ['initial_feedback_request_id does not match a feedback request of this company']],
      [{ ext_interaction_id: 'nope' }, ['ext_interaction_id does not match a feedback request of this company']],
      [{ initial_feedback_request_id: requestId, employee: { email: 'ghost@example.com' } }, ['employee.email does not match an employee of this company']],
      [{ initial_feedback_request_id: requestId, customer: { email: 'x@example.com' } }, ['customer is not allowed']],
    ];
    for (const [body, errors] of cases) {
      const response = await ctx.as(company).post('/v1/recoveries', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.deepEqual(response.json().validation_errors, errors, JSON.stringify(body));
    }
  });

  it('cannot link to another company’s request or to a request made with the other key', async () => {
    const { requestId } = await setup();
    const stranger = await createCompany(ctx.services);
    const foreign = await ctx.as(stranger).post('/v1/recoveries', { initial_feedback_request_id: requestId });
    assert.deepEqual(foreign.json().validation_errors, ['initial_feedback_request_id does not match a feedback request of this company']);

    const { company, requestId: productionRequest } = await setup();
    const crossKey = await ctx.as(company, { key: 'test' }).post('/v1/recoveries', { initial_feedback_request_id: productionRequest });
    assert.equal(crossKey.statusCode, 400);
  });

  it('does not treat a recovery as an initial request', async () => {
    const { company, requestId } = await setup();
    const first = await ctx.as(company).post('/v1/recoveries', { initial_feedback_request_id: requestId });
    const second = await ctx.as(company).post('/v1/recoveries', { initial_feedback_request_id: first.json().request_id });
    assert.equal(second.statusCode, 400);
    assert.deepEqual(second.json().validation_errors, ['initial_feedback_request_id does not match a feedback request of this company']);
  });
});
