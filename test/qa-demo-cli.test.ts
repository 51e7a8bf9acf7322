import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedQaDemo } from '../src/modules/demo-data/qa-demo.ts';
import { createCompany } from './helpers/factories.ts';
import { seedExample, shapeDifferences } from './helpers/qa-factories.ts';
import { runCli } from './helpers/cli.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const cli = (...args: string[]) => runCli(ctx.env, ...args);

describe('QA demo data', () => {
  it('seeds every feed of a company with records in the seed shapes', async () => {
    const company = await createCompany(ctx.services);
    const summary = await seedQaDemo(ctx.services, company.id, company.subdomain);
    assert.deepEqual(summary, { scorecards: 1, reviews: 8, audits: 2, calibrations: 1, coaching_sessions: 4, integration: 'wfm', metric_records: 28 });
    const api = ctx.as(company);
    const extras = ['created_at', 'started_at', 'groups'];
    const reviews = (await api.get('/v2/qa')).json();
    assert.equal(reviews.length, 8);
    assert.deepEqual(shapeDifferences(seedExample('qa-reviews'), reviews, '$', extras), []);
    // Empathy weighs 60, Resolution 40: 10/15 and 5/10 → 60%; N/A leaves 5/5 and 10/20 → 80%; the last is an autofail.
    assert.deepEqual(reviews.map((r: any) => r.score).slice(0, 4), ['100%', '60%', '80%', '0%']);
    assert.deepEqual(shapeDifferences(seedExample('qa-audits'), (await api.get('/v2/qa/audits')).json(), '$', extras), []);
    const calibrations = (await api.get('/v2/qa/calibrations')).json();
    assert.deepEqual(shapeDifferences(seedExample('qa-calibrations'), calibrations), []);
    // Two of three participants match the reference on three questions, all three on one: (100 + 3 × 66.7) / 4
    assert.equal(calibrations[0].alignment_score, 75);
    const sessions = (await api.get('/v2/coaching/sessions')).json();
    assert.equal(sessions.length, 4);
    assert.deepEqual(shapeDifferences(seedExample('coaching-sessions'), sessions), []);
    assert.equal((await api.get('/v2/integrations/wfm/records')).json().length, 28);
  });
});

describe('integration CLI', () => {
  it('adds and lists integrations, and refuses bad configurations', async () => {
    const company = await createCompany(ctx.services);
    const added = await cli('integration', 'add', '--company', company.subdomain, '--name', 'Tickets', '--metric', 'tickets_closed', '--metric', 'hours_worked', '--json');
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(JSON.parse(added.stdout).metric_fields, ['tickets_closed', 'hours_worked']);
    assert.equal(JSON.parse(added.stdout).id, 'tickets');
    const listed = await cli('integration', 'list', '--company', company.subdomain, '--json');
    assert.deepEqual(JSON.parse(listed.stdout).map((i: any) => i.id), ['tickets']);
    const bad = await cli('integration', 'add', '--company', company.subdomain, '--name', 'Tickets', '--metric', 'x', '--employee-id-type', 'phone');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /employee_id_type must be one of: email, custom_id/);
    assert.match(bad.stderr, /id "tickets" is already used/);
    const api = ctx.as(company);
    assert.equal((await api.get('/v2/integrations')).json()[0].name, 'Tickets');
  });
});
