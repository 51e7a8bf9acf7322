import assert from 'node:assert/strict';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { seedRequestBody } from './factories.ts';
import { CHAT_FORM, qaCompany } from './qa-factories.ts';
import type { SecurityContext } from './security.ts';
import type { Method } from './test-client.ts';

/** The idempotency key both tenants use: keys are per company, so it must not cross. */
export const SHARED_IDEMPOTENCY_KEY = 'order-100928810-close';

/** A company with one of everything, made through the API; its ids and the strings only it has. */
export async function populateTenant(ctx: SecurityContext) {
  const team = await qaCompany(ctx);
  const { company } = team;
  ctx.remember('API key', company.api_key);
  ctx.remember('test API key', company.test_api_key);
  ctx.remember('API secret', company.api_secret);
  const call = async (method: Method, url: string, body?: unknown, expected = [200, 201]) => {
    const response = await ctx.as(company).send(method, url, body);
    assert.ok(expected.includes(response.statusCode), `${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  // qaCompany's custom ids are the same in every company; this tenant's agent gets one of its own.
  const agentCustomId = `hjackson-${company.subdomain}`;
  await call('PUT', `/v2/employees/${encodeURIComponent(team.agent.email)}`, { custom_employee_id: agentCustomId });
  const agent = { ...team.agent, custom_id: agentCustomId };
  const integrationId = `wfm-${company.subdomain}`;
  await call('POST', '/v2/integrations', { id: integrationId, name: 'WFM', metric_fields: ['tickets_closed'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' });
  await call('POST', `/v2/integrations/${integrationId}/records`, { record: { employee_id: team.agent.email, record_date: '2025-10-21', tickets_closed: 7 } });

  const requestBody = seedRequestBody({ email: team.agent.email, custom_id: null }, { brand: undefined, ext_interaction_id: `ext-${company.subdomain}` });
  const requested = await ctx.as(company).post('/v1/requests', requestBody, { headers: { 'idempotency-key': SHARED_IDEMPOTENCY_KEY } });
  assert.equal(requested.statusCode, 200, requested.body);
  const requestId: string = requested.json().request_id;
  const recovery = await ctx.as(company).post('/v1/recoveries', { initial_feedback_request_id: requestId, do_not_send: true });
  assert.equal(recovery.statusCode, 200, recovery.body);

  const scorecard = await call('POST', '/v2/qa/scorecards', CHAT_FORM);
  const answers = scorecard.questions.map((q: { id: number; options: { id: number }[] }) => ({ question_id: q.id, option_id: q.options[0].id }));
  const review = await call('POST', '/v2/qa', {
    scorecard_id: scorecard.id,
    employee: { email: team.agent.email },
    reviewer: { email: team.reviewer.email },
    solicitation_id: requestId,
    answers,
    complete: true,
  });
  const audit = await call('POST', '/v2/qa/audits', { qa_review_id: review.uuid, auditor: { email: team.admin.email }, answers, complete: false });
  const calibration = await call('POST', '/v2/qa/calibrations', {
    scorecard_id: scorecard.id,
    started_by: { email: team.admin.email },
    participants: [{ employee: { email: team.leader.email }, answers }],
    selected_options: answers,
  });
  const session = await call('POST', '/v2/coaching/sessions', {
    coach: { email: team.leader.email },
    employee: { email: team.agent.email },
    title: `Weekly 1:1 ${company.subdomain}`,
    action_items: [{ text: 'Empathy module', category: 'Empathy', due_date: '2030-10-31T06:00:00Z' }],
    kudos: [{ text: 'Great week!' }],
    qa_review_attachments: [{ uuid: review.uuid }],
  });
  const actionItems = await call('GET', `/v2/coaching/action-items?employee_email=${encodeURIComponent(team.agent.email)}`);
  const webhook = await call('POST', '/v2/webhooks', { url: `https://hooks.example.com/${company.subdomain}`, events: ['recovery.created'] });
  ctx.remember('webhook secret', webhook.secret);

  return {
    ...team,
    agent,
    company,
    requestBody,
    ids: {
      requestId,
      recoveryId: recovery.json().request_id as string,
      scorecardId: String(scorecard.id),
      reviewUuid: review.uuid as string,
      auditUuid: audit.uuid as string,
      calibrationUuid: calibration.uuid as string,
      sessionUuid: session.uuid as string,
      actionItemUuid: actionItems[0].uuid as string,
      webhookId: String(webhook.id),
      integrationId,
      answers,
    },
    /** Strings that appear only in this company's data: a response to anyone else must not contain them. */
    markers: [company.subdomain, requestId, recovery.json().request_id, review.uuid, audit.uuid, calibration.uuid, session.uuid, actionItems[0].uuid, webhook.secret] as string[],
  };
}

export type Tenant = Awaited<ReturnType<typeof populateTenant>>;

/** Markers of `victim` in a response that the request itself did not carry (an echoed id is no leak). */
export function leaks(victim: Tenant, responseBody: string, requestText: string): string[] {
  return victim.markers.filter((marker) => responseBody.includes(marker) && !requestText.includes(marker));
}

/** Everything the company can read through the API, plus every row of every table that has a company_id. */
export async function snapshot(ctx: SecurityContext, tenant: Tenant): Promise<Record<string, unknown>> {
  const company: CompanyCredentials = tenant.company;
  const urls = [
    '/v2/data?include_recovery=true&limit=10000',
    '/v1/data/requests',
    '/v1/data/responses',
    '/v2/employees?number_of_employees=500',
    ...[tenant.agent, tenant.agent2, tenant.leader, tenant.reviewer, tenant.admin].map((e) => `/v2/employees/${encodeURIComponent(e.email)}`),
    '/v2/qa',
    '/v2/qa/audits',
    '/v2/qa/calibrations',
    '/v2/qa/scorecards',
    '/v2/coaching/sessions',
    `/v2/coaching/action-items?employee_email=${encodeURIComponent(tenant.agent.email)}`,
    '/v2/integrations',
    `/v2/integrations/${tenant.ids.integrationId}/records`,
    '/v2/webhooks',
    `/v2/webhooks/${tenant.ids.webhookId}/deliveries`,
  ];
  const result: Record<string, unknown> = {};
  for (const url of urls) {
    const response = await ctx.as(company).get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    result[url] = response.json();
  }
  const tables = await ctx.db.kysely.introspection.getTables();
  for (const table of tables.filter((t) => t.columns.some((c) => c.name === 'company_id'))) {
    const rows = await ctx.db.kysely.selectFrom(table.name as never).selectAll().where('company_id' as never, '=', company.id as never).execute();
    result[`table ${table.name}`] = rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
  }
  return result;
}
