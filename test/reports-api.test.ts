import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MetricsReportView } from '../src/modules/reports/reports.schemas.ts';
import { streamOrg } from './helpers/stream-fixture.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof streamOrg>>;
const today = new Date().toISOString().slice(0, 10);
const period = `from=${today}&to=${today}`;

before(async () => {
  ctx = await createTestContext();
  org = await streamOrg(ctx);
});
after(() => ctx.close());

const app = async (who: string, query: string) => {
  const response = await org.browsers[who].send(ctx.app, 'GET', `/app/api/reports/metrics?${period}&${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as MetricsReportView;
};

describe('GET /app/api/reports/metrics', () => {
  it('gives the company figures to an admin: first surveys only, never test data or another company', async () => {
    const { total, rows } = await app('admin', '');
    assert.deepEqual(rows, []);
    assert.equal(total.responses, 6);
    assert.equal(total.star_ratings, 6);
    assert.equal(total.star_rating_avg, 3.33);
    assert.equal(total.five_star_pct, 33.3);
    assert.equal(total.positive_pct, 50);
    assert.equal(total.negative_pct, 50);
    assert.equal(total.nps, 20);
    assert.equal(total.nps_responses, 5);
    assert.equal(total.fcr_pct, 75);
    assert.equal(total.fcr_responses, 4);
    assert.equal(total.qa_reviews, 0);
    assert.equal(total.recoveries_answered, 1);
    assert.equal(total.recoveries_rated, 1);
    assert.equal(total.recovery_star_before_avg, 2);
    assert.equal(total.recovery_star_after_avg, 4);
    assert.equal(total.recoveries_improved, 1);
  });

  it('scopes an agent to their own figures and a leader to their team', async () => {
    assert.equal((await app('m1', '')).total.responses, 2);
    assert.equal((await app('m3', '')).total.responses, 1);
    const leader = await app('leader', 'group_by=employee');
    assert.equal(leader.total.responses, 5);
    assert.deepEqual(leader.rows.map((row) => [row.key.employee!.id, row.responses]).sort(), [[org.people.leader.id, 1], [org.people.m1.id, 2], [org.people.m2.id, 2]].sort());
  });

  it('refuses an employee or team outside the scope with 403, and unknown names with 400', async () => {
    const outside = await org.browsers.m1.send(ctx.app, 'GET', `/app/api/reports/metrics?${period}&employee=${org.people.m3.id}`);
    assert.equal(outside.statusCode, 403);
    assert.match(outside.json().message, /employee/);
    const unknown = await org.browsers.admin.send(ctx.app, 'GET', `/app/api/reports/metrics?${period}&employee=${org.people.outsider.id}`);
    assert.equal(unknown.statusCode, 404, 'another company\'s employee is unknown to an admin');
    const team = await org.browsers.leader.send(ctx.app, 'GET', `/app/api/reports/metrics?${period}&team=${org.people.leader2.id}`);
    assert.equal(team.statusCode, 403);
    const brand = await org.browsers.admin.send(ctx.app, 'GET', `/app/api/reports/metrics?${period}&brand=nope`);
    assert.equal(brand.statusCode, 400);
    assert.match(brand.json().message, /brand/);
  });

  it('filters and slices: brand, channel, tag, team, and two slices at once', async () => {
    assert.equal((await app('admin', 'brand=kids')).total.responses, 2);
    assert.equal((await app('admin', 'tag=vip&tag=other')).total.responses, 6);
    assert.equal((await app('admin', 'tag=other')).total.responses, 0);
    assert.equal((await app('admin', `team=${org.people.leader2.id}`)).total.responses, 1);
    const byChannel = await app('admin', 'group_by=channel,day');
    assert.deepEqual(byChannel.rows.map((row) => [row.key.day, row.key.channel, row.responses]), [[today, 'chat', 3], [today, 'email', 2], [today, 'phone', 1]]);
    assert.equal(byChannel.rows[0].qa_reviews, null, 'QA has no channel');
    assert.equal(byChannel.total.qa_reviews, 0, 'the total has no channel slice');
    const byTeam = await app('admin', 'group_by=team');
    assert.deepEqual(byTeam.rows.map((row) => [row.key.team!.leader.id, row.responses]).sort(), [[org.people.leader.id, 4], [org.people.leader2.id, 1]].sort());
  });

  it('compares with the previous period of the same length', async () => {
    const report = await app('admin', 'compare=previous');
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    assert.equal(report.previous!.from, yesterday);
    assert.equal(report.previous!.to, yesterday);
    assert.equal(report.previous!.total.responses, 0);
  });

  it('rejects a malformed period or group_by, naming it', async () => {
    for (const [query, field] of [
      [`from=2026-02-30&to=${today}`, /from/],
      [`from=${today}&to=2020-01-01`, /to/],
      [`from=${today}&to=${today}&group_by=agent`, /group_by/],
      [`from=${today}&to=${today}&group_by=day,week`, /group_by/],
      [`from=2020-01-01&to=${today}`, /longer than/],
    ] as const) {
      const response = await org.browsers.admin.send(ctx.app, 'GET', `/app/api/reports/metrics?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.json().message, field);
    }
  });
});

describe('GET /v2/reports/metrics', () => {
  it('answers JSON and CSV with the API key and JWT; the test key sees test data only', async () => {
    const json = await ctx.as(org.company).get(`/v2/reports/metrics?${period}&group_by=employee`);
    assert.equal(json.statusCode, 200, json.body);
    assert.equal(json.json().total.responses, 6);
    const csv = await ctx.as(org.company).get(`/v2/reports/metrics?${period}&group_by=employee`, { headers: { accept: 'text/csv' } });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    // Names and emails of this fixture hold no comma or quote: plain splitting reads the CSV.
    assert.doesNotMatch(csv.body, /"/);
    const [header, ...lines] = csv.body.trim().split('\n').map((line) => line.split(','));
    const records = lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
    assert.equal(records.length, json.json().rows.length);
    assert.equal(records.reduce((sum, row) => sum + Number(row.responses), 0), 6);
    assert.ok('employee_email' in records[0] && 'star_rating_avg' in records[0]);
    const test = await ctx.as(org.company, { key: 'test' }).get(`/v2/reports/metrics?${period}`);
    assert.equal(test.statusCode, 200, test.body);
    assert.equal(test.json().total.responses, 1);
    const unsigned = await ctx.app.inject({ method: 'GET', url: `/v2/reports/metrics?${period}` });
    assert.equal(unsigned.statusCode, 403);
  });
});
