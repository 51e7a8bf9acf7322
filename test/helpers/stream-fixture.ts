import type { EmployeeRow } from '../../src/db/schema.ts';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee, uniqueName } from './factories.ts';
import { setPassword, signIn, type Browser } from './sessions.ts';
import { answer, type Answers } from './stream.ts';
import type { TestContext } from './test-app.ts';
import type { App } from '../../src/app.ts';

/** A request of `agent` stored through POST /v1/requests (or /v1/recoveries with `recovers`); returns its request id and row id. */
export async function storeRequest(ctx: TestContext, company: CompanyCredentials, agent: EmployeeRow, options: { channel?: string; brand?: string; key?: 'test'; recovers?: string; app?: App } = {}) {
  const client = ctx.as(company, options.key ? { key: options.key } : {});
  const response = options.recovers
    ? await client.post('/v1/recoveries', { initial_feedback_request_id: options.recovers })
    : await client.post('/v1/requests', {
        customer: { name: 'Simone Ortiz', email: `${uniqueName('simone')}@example.com` },
        employee: { email: agent.email },
        channel: options.channel ?? 'chat',
        brand: options.brand ?? 'peak',
        language: 'en',
        ext_interaction_id: uniqueName('t'),
        tags: ['vip'],
        external_url: 'https://helpdesk.example/t/1',
      });
  if (response.statusCode !== 200) throw new Error(`request answered ${response.statusCode}: ${response.body}`);
  const requestId = response.json().request_id as string;
  const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', requestId).executeTakeFirstOrThrow();
  return { requestId, id: Number(row.id) };
}

/**
 * One company's org chart: an admin, a viewer with view_all_feedback, leader (of m1, m2), leader2
 * (of m3), and their answered requests; plus another company's agent with a response of its own.
 */
export async function streamOrg(ctx: TestContext) {
  const company = await createCompany(ctx.services, { brands: ['peak', 'kids'], channels: ['chat', 'email', 'phone'] });
  const add = (input: Parameters<typeof createEmployee>[2]) => createEmployee(ctx.services, company.id, input);
  const admin = await add({ firstName: 'Ada', role: 'Admin' });
  const viewer = await add({ firstName: 'Vic' });
  await ctx.db.kysely.updateTable('employees').set({ permissions: '["view_all_feedback"]' }).where('company_id', '=', company.id).where('id', '=', viewer.id).execute();
  const leader = await add({ firstName: 'Lea', role: 'Team Leader' });
  const leader2 = await add({ firstName: 'Leo', role: 'Team Leader' });
  const m1 = await add({ firstName: 'Mia', teamLeaderId: leader.id });
  const m2 = await add({ firstName: 'Max', teamLeaderId: leader.id });
  const m3 = await add({ firstName: 'Moe', teamLeaderId: leader2.id });
  const people = { admin, viewer, leader, leader2, m1, m2, m3 };
  for (const person of Object.values(people)) await setPassword(ctx.db, person);

  const responses: Record<string, { requestId: string; id: number }> = {};
  const respond = async (name: string, agent: EmployeeRow, given: Answers | null, options: Parameters<typeof storeRequest>[3] = {}) => {
    responses[name] = await storeRequest(ctx, company, agent, options);
    if (given) await answer(ctx.db, company.id, responses[name].id, given);
  };
  await respond('r1', m1, { stars: 5, nps: 10, fcr: 'Yes', excellence: ['Friendly', 'Helpful'], comment: 'Great help', reward: 'Coffee' });
  await respond('r2', m1, { stars: 2, nps: 3, fcr: 'No', improvement: ['Speed'] }, { channel: 'email', brand: 'kids' });
  await respond('r3', m1, null);
  await respond('r4', m2, { stars: 4, nps: 8, fcr: 'Yes', excellence: ['Friendly'] }, { brand: 'kids' });
  await respond('r5', m2, { stars: 1 });
  await respond('r6', m3, { stars: 3, nps: 7, comment: 'It was fine' }, { channel: 'email' });
  await respond('r7', leader, { stars: 5, nps: 9, fcr: 'Yes', excellence: ['Patient'] }, { channel: 'phone' });
  await respond('rec', m1, { stars: 4, fcr: 'Yes' }, { recovers: responses.r2.requestId });
  await respond('test', m1, { stars: 5 }, { key: 'test' });

  const otherCompany = await createCompany(ctx.services, { brands: ['peak'] });
  const outsider = await createEmployee(ctx.services, otherCompany.id, { role: 'Admin' });
  await setPassword(ctx.db, outsider);
  responses.foreign = await storeRequest(ctx, otherCompany, outsider);
  await answer(ctx.db, otherCompany.id, responses.foreign.id, { stars: 5 });

  const browsers: Record<string, Browser> = {};
  for (const [name, person] of Object.entries({ ...people, outsider })) browsers[name] = await signIn(ctx.app, person.email);
  return { company, otherCompany, people: { ...people, outsider }, responses, browsers };
}
