import type { AddressInfo } from 'node:net';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { seedDemo } from '../../src/modules/demo-data/seed-demo.ts';
import { createTestContext, type TestContext } from './test-app.ts';
import { createCompany, createEmployee, seedRequestBody } from './factories.ts';

/** A company with a team leader and an agent, shaped like the seed's Blanca Peak. */
export async function dataCompany(ctx: TestContext) {
  const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
  const leader = await createEmployee(ctx.services, company.id, { firstName: 'Alice', lastName: 'Jones', customId: '6592299' });
  const employee = await createEmployee(ctx.services, company.id, { firstName: 'John', lastName: 'Smith', customId: '1471332', teamLeaderId: leader.id });
  return { company, leader, employee };
}

/** Creates a feedback request through POST /v1/requests; returns its request_id. */
export async function createRequest(ctx: TestContext, company: CompanyCredentials, employee: { email: string; custom_id: string | null }, overrides: Record<string, unknown> = {}, test = false): Promise<string> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/v1/requests',
    headers: { 'x-api-key': test ? company.test_api_key : company.api_key, 'content-type': 'application/json' },
    payload: JSON.stringify(seedRequestBody(employee, overrides)),
  });
  if (response.statusCode !== 200) throw new Error(`POST /v1/requests: ${response.statusCode} ${response.body}`);
  return response.json().request_id;
}

/** Creates a service recovery through POST /v1/recoveries; returns its request_id. */
export async function createRecovery(ctx: TestContext, company: CompanyCredentials, parentId: string): Promise<string> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/v1/recoveries',
    headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' },
    payload: JSON.stringify({ initial_feedback_request_id: parentId, do_not_send: true }),
  });
  if (response.statusCode !== 200) throw new Error(`POST /v1/recoveries: ${response.statusCode} ${response.body}`);
  return response.json().request_id;
}

export interface GivenAnswer {
  key: string;
  questionId: number;
  questionText: string;
  options: { option_id: number; option_text: string; integer_value: number | null }[];
  comment?: string | null;
}

/**
 * Records a survey response the way the survey flow does: in one transaction, re-stamp the
 * interaction's sequence id (touch) with its response time, and store the answers.
 */
export async function respond(ctx: TestContext, companyId: number, requestId: string, answers: GivenAnswer[], at = Date.now()): Promise<number> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('interactions').select('id').where('company_id', '=', companyId).where('uuid', '=', requestId).executeTakeFirstOrThrow();
    const sequenceId = await ctx.services.interactions.touch(trx, companyId, Number(row.id), { response_received_at: at });
    for (const answer of answers) {
      await trx
        .insertInto('answers')
        .values({
          company_id: companyId,
          interaction_id: Number(row.id),
          question_key: answer.key,
          question_id: answer.questionId,
          question_text: answer.questionText,
          comment: answer.comment ?? null,
          selected_options: JSON.stringify(answer.options),
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    return sequenceId!;
  });
}

/** A listening app whose data company has `rows` seeded interactions (for exports over real HTTP). */
export async function listeningDataServer(rows: number): Promise<{ ctx: TestContext; base: string; company: CompanyCredentials }> {
  const ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '1000' });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  const { company } = await dataCompany(ctx);
  await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(company.subdomain), { interactions: rows, batchSize: 5000 });
  return { ctx, base, company };
}
