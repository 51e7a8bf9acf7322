import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SurveyRepository } from '../src/modules/survey/survey.repository.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { setPassword, signIn } from './helpers/sessions.ts';
import { answer, type Answers } from './helpers/stream.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/**
 * The survey completion funnel (GET /app/api/reports/funnel) against an independent count of
 * generated rows: sent in or out of the period (edges included), test data, recoveries, never
 * sent, rated or not, follow-ups, finished; scoped to what the viewer sees.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A small deterministic generator (the same data on every run and database). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Spec {
  employeeId: number;
  isTest: boolean;
  isRecovery: boolean;
  sentAt: number | null;
  answers: Answers;
  finished: boolean;
}

describe('GET /app/api/reports/funnel', () => {
  it('counts equal an independent count of the generated rows, within each viewer\'s scope', async () => {
    const company = await createCompany(ctx.services, { brands: ['peak'] });
    const admin = await createEmployee(ctx.services, company.id, { role: 'Admin' });
    const lea = await createEmployee(ctx.services, company.id, { role: 'Team Leader' });
    const mia = await createEmployee(ctx.services, company.id, { teamLeaderId: lea.id });
    const max = await createEmployee(ctx.services, company.id);
    for (const person of [admin, lea, mia]) await setPassword(ctx.db, person);
    const from = today - 3 * DAY;
    const to = today - DAY;
    const sentChoices = [null, from - 1, from, from + 5 * 3_600_000, to + DAY - 1, to + DAY, today - 10 * DAY, to + 12 * 3_600_000];
    const answerChoices: Answers[] = [{}, { stars: 5 }, { stars: 2, nps: 3 }, { stars: 4, fcr: 'Yes' }, { nps: 9 }, { stars: 1, comment: 'slow' }];
    const next = random(21);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    const specs: Spec[] = [];
    const surveys = new SurveyRepository(ctx.db.kysely);
    for (let i = 0; i < 48; i++) {
      const agent = pick([mia, max, lea]);
      const spec: Spec = { employeeId: agent.id, isTest: next() < 0.15, isRecovery: next() < 0.15, sentAt: pick(sentChoices), answers: pick(answerChoices), finished: next() < 0.4 };
      const response = await ctx.as(company).post('/v1/requests', {
        customer: { name: 'Casey', email: `${uniqueName('c')}@example.com` }, employee: { email: agent.email }, channel: 'chat', brand: 'peak', language: 'en', ext_interaction_id: uniqueName('t'),
      });
      assert.equal(response.statusCode, 200, response.body);
      const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', response.json().request_id).executeTakeFirstOrThrow();
      const id = Number(row.id);
      if (Object.keys(spec.answers).length > 0) await answer(ctx.db, company.id, id, spec.answers);
      else await surveys.upsertSurvey(ctx.db.kysely, company.id, id, `t-${id}`, Date.now() + DAY);
      await ctx.db.kysely.updateTable('interactions').set({ sent_at: spec.sentAt, is_test: spec.isTest ? 1 : 0, is_recovery: spec.isRecovery ? 1 : 0 }).where('id', '=', id).execute();
      if (spec.finished) await ctx.db.kysely.updateTable('surveys').set({ completed_at: Date.now() }).where('interaction_id', '=', id).execute();
      specs.push(spec);
    }

    const expected = (employeeIds: number[] | null) => {
      const delivered = specs.filter((s) => !s.isTest && !s.isRecovery && s.sentAt !== null && s.sentAt >= from && s.sentAt < to + DAY && (!employeeIds || employeeIds.includes(s.employeeId)));
      const rated = delivered.filter((s) => s.answers.stars !== undefined).length;
      const followUp = delivered.filter((s) => s.answers.nps !== undefined || s.answers.fcr !== undefined).length;
      const finished = delivered.filter((s) => s.finished).length;
      const pct = (n: number) => (delivered.length === 0 ? null : Math.round((n / delivered.length) * 1000) / 10);
      return {
        from: iso(from), to: iso(to), time_zone: 'UTC',
        delivered: { count: delivered.length, percent: pct(delivered.length) },
        opened_or_clicked: { count: rated, percent: pct(rated) },
        answered_follow_up: { count: followUp, percent: pct(followUp) },
        finished: { count: finished, percent: pct(finished) },
      };
    };
    const whole = expected(null);
    assert.ok(whole.delivered.count >= 8 && whole.finished.count > 0 && whole.answered_follow_up.count > 0, `the data covers every step: ${JSON.stringify(whole)}`);

    const url = `/app/api/reports/funnel?from=${iso(from)}&to=${iso(to)}`;
    const asAdmin = await (await signIn(ctx.app, admin.email)).send(ctx.app, 'GET', url);
    assert.equal(asAdmin.statusCode, 200, asAdmin.body);
    assert.deepEqual(asAdmin.json(), whole);
    const asLea = await (await signIn(ctx.app, lea.email)).send(ctx.app, 'GET', url);
    assert.deepEqual(asLea.json(), expected([lea.id, mia.id]), 'a team leader counts their team and themselves');
    const asMia = await (await signIn(ctx.app, mia.email)).send(ctx.app, 'GET', url);
    assert.deepEqual(asMia.json(), expected([mia.id]), 'an agent counts their own');

    // The same period as date-times, and the errors of the metrics report.
    const bad = await (await signIn(ctx.app, admin.email)).send(ctx.app, 'GET', `/app/api/reports/funnel?from=${iso(to)}&to=${iso(from)}`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /to \(.*\) must not be before from/);
    const notDate = await (await signIn(ctx.app, admin.email)).send(ctx.app, 'GET', '/app/api/reports/funnel?from=not-a-date&to=2026-01-01');
    assert.equal(notDate.statusCode, 400);
    assert.match(notDate.json().message, /^from must be an ISO 8601 date/);
    assert.equal((await ctx.app.inject({ method: 'GET', url })).statusCode, 401);
  });
});
