import { generateToken, sha256Hex } from '../../src/lib/secrets.ts';
import { SurveyRepository } from '../../src/modules/survey/survey.repository.ts';
import { createRequest } from './data-return.ts';
import { createEmployee } from './factories.ts';
import type { Known } from './fuzz-schema.ts';
import { signJwt } from './jwt.ts';
import { CHAT_FORM, qaCompany } from './qa-factories.ts';
import type { TestContext } from './test-app.ts';

const DATE_FIELDS = ['created_at_gte', 'created_at_lte', 'responded_at_gte', 'responded_at_lte', 'completed_at_gte', 'completed_at_lte', 'shared_at_gte', 'shared_at_lte', 'start_date', 'end_date', 'due_date', 'meeting_date', 'record_date'];

async function ok(response: { statusCode: number; body: string }, what: string) {
  if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return JSON.parse(response.body);
}

/**
 * A company with something behind every id a route takes (scorecard, review, audit,
 * calibration, coaching session, integration, webhook, interactions with survey links,
 * a pending employee's invite), its credentials, and the values worth putting in fields
 * of each name so generated bodies reach the services rather than stop at "unknown".
 */
export async function fuzzCompany(ctx: TestContext) {
  const t = await qaCompany(ctx);
  const { api, company } = t;
  const scorecard = await ok(await api.post('/v2/qa/scorecards', CHAT_FORM), 'scorecard');
  const questions: { id: number; options: { id: number }[] }[] = scorecard.questions;
  const answers = questions.map((q) => ({ question_id: q.id, option_id: q.options[0].id }));
  const review = await ok(await api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email }, answers, complete: true }), 'review');
  const audit = await ok(await api.post('/v2/qa/audits', { qa_review_id: review.uuid, auditor: { email: t.admin.email }, answers, complete: true }), 'audit');
  const calibration = await ok(
    await api.post('/v2/qa/calibrations', { scorecard_id: scorecard.id, started_by: { email: t.reviewer.email }, participants: [{ employee: { email: t.leader.email }, answers }] }),
    'calibration',
  );
  await ok(await api.post('/v2/integrations', { id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' }), 'integration');
  await ok(await api.post('/v2/integrations/wfm/records', { record: { tickets_closed: '3', record_date: '2021-06-29', employee_id: t.agent.email } }), 'record');
  const session = await ok(await api.post('/v2/coaching/sessions', { coach: { email: t.leader.email }, employee: { email: t.agent.email }, title: 'Weekly 1:1', action_items: [{ text: 'Empathy' }] }), 'session');
  const webhook = await ok(await api.post('/v2/webhooks', { url: 'https://hooks.example.com/x', events: ['recovery.created'] }), 'webhook');

  const agent = { email: t.agent.email, custom_id: t.agent.custom_id };
  const requestIds: string[] = [];
  for (let i = 0; i < 4; i++) requestIds.push(await createRequest(ctx, company, agent, { brand: null, do_not_send: i % 2 === 0 }));
  const surveys = new SurveyRepository(ctx.db.kysely);
  const surveyTokens: string[] = [];
  for (const uuid of requestIds) {
    const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow();
    const token = generateToken(24);
    await surveys.upsertSurvey(ctx.db.kysely, company.id, Number(row.id), sha256Hex(token), Date.now() + 86_400_000);
    surveyTokens.push(token);
  }
  const pending = await createEmployee(ctx.services, company.id, { status: 'pending' });
  const inviteToken = (await ctx.services.invites.issueLink(company.id, pending.id)).split('/').pop()!;

  const emails = [t.agent.email, t.agent2.email, t.leader.email, t.reviewer.email, t.admin.email, pending.email];
  const customIds = [t.agent.custom_id, t.leader.custom_id, t.reviewer.custom_id, pending.custom_id];
  const uuids = [review.uuid, audit.uuid, calibration.uuid, session.uuid];
  const known: Known = {
    token: [...surveyTokens, inviteToken],
    id: [webhook.id, scorecard.id, 'wfm', ...emails, ...customIds],
    uuid: uuids,
    email: emails,
    employee_email: emails,
    custom_id: customIds,
    employee_custom_id: customIds,
    custom_employee_id: customIds,
    team_leader_id: [t.leader.email, t.leader.custom_id],
    scorecard_id: [scorecard.id],
    qa_review_id: [review.uuid],
    initial_feedback_request_id: requestIds,
    question_id: questions.map((q) => q.id),
    option_id: questions.flatMap((q) => q.options.map((o) => o.id)),
    channel: ['chat', 'phone', 'email'],
    brand: [company.subdomain],
    language: ['en'],
    integration_id: ['wfm'],
    metric: ['tickets_closed'],
    url: ['https://hooks.example.com/y'],
    after: [0],
    ...Object.fromEntries(DATE_FIELDS.map((name) => [name, ['2021-06-29T00:00:00Z', new Date().toISOString(), '2019-12-20T00:00:00-05:00']])),
    country: ['us', 'GB'],
    external_url: ['https://example.com/tickets/1'],
    status: ['active', 'deactivated', 'pending', 'open', 'completed'],
    limit: [1, 1000],
  };
  const csrf = 'fuzzfuzzfuzzfuzzfuzz00';
  Object.assign(known, { csrf: [csrf], rating: ['1', '3', '5'], nps: ['0', '7', '10'], fcr: ['0', '1'], rewards: ['0', '1'], areas_of_excellence: ['1', '2', 'none'], areas_of_improvement: ['1', ''], 'List-Unsubscribe': ['One-Click'] });
  const credentials = { apiKey: company.api_key, testApiKey: company.test_api_key, jwt: await signJwt(company.api_secret), csrf };
  return { company, agent, requestIds, known, credentials };
}
