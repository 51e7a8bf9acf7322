import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { operatorScope } from '../src/modules/access/scope.ts';
import { round } from '../src/modules/reports/counters.ts';
import { rebuildCompanyRollups } from '../src/modules/reports/rollup-rebuild.ts';
import type { MetricsReportView, ReportQueryInput } from '../src/modules/reports/reports.schemas.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// Every report equals the same figures recomputed from raw rows: random interactions (first
// surveys and recoveries, sent or not, answered or not, with stars, NPS, FCR, tags), QA reviews,
// coaching sessions, teams with several leaders and groups, in a random time zone, then random
// reports (up to two slices, every filter) compared with an oracle that reads the raw rows and
// buckets them itself (Intl, not the code under test). The rollups here come from a rebuild;
// test/report-rollups-property.test.ts proves the writers keep them equal to a rebuild.

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Auckland'];
const CHANNELS = ['chat', 'email', 'phone'];
const BRANDS = ['peak', 'kids'];
const TAGS = ['vip', 'refund', 'billing'];
const GROUPS = ['North', 'South'];
const SLICES = ['employee', 'team', 'group', 'channel', 'brand', 'tag', 'day', 'week', 'month'] as const;
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 20); // 2026-10-20: the period spans the end of summer time in Europe and America.

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const interactionArb = fc.record({
  employee: fc.nat(4),
  channel: fc.constantFrom(...CHANNELS),
  brand: fc.constantFrom(...BRANDS),
  tags: fc.subarray(TAGS),
  recoveryOf: fc.option(fc.nat(30), { nil: undefined }),
  test: fc.boolean().map((b) => b && Math.random() < 0.2),
  sentAt: fc.option(fc.integer({ min: 0, max: 20 * DAY }), { nil: null }),
  answeredAfter: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: null }),
  star: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  resolved: fc.option(fc.constantFrom(0, 1), { nil: null }),
});
const worldArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  interactions: fc.array(interactionArb, { minLength: 1, maxLength: 40 }),
  reviews: fc.array(fc.record({ employee: fc.nat(4), at: fc.integer({ min: 0, max: 20 * DAY }), score: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }), counts: fc.boolean(), completed: fc.boolean() }), { maxLength: 8 }),
  sessions: fc.array(fc.record({ employee: fc.nat(4), at: fc.integer({ min: 0, max: 20 * DAY }) }), { maxLength: 5 }),
  leaders: fc.array(fc.subarray([0, 1, 2, 3, 4], { maxLength: 2 }), { minLength: 5, maxLength: 5 }),
  groups: fc.array(fc.subarray(GROUPS), { minLength: 5, maxLength: 5 }),
});
const queryArb = fc.record({
  groupBy: fc.subarray([...SLICES], { maxLength: 2 }).filter((names) => names.filter((n) => n === 'day' || n === 'week' || n === 'month').length <= 1),
  fromOffset: fc.integer({ min: -2, max: 18 }),
  days: fc.integer({ min: 1, max: 30 }),
  employee: fc.option(fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }), { nil: undefined }),
  team: fc.option(fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }), { nil: undefined }),
  group: fc.option(fc.subarray(GROUPS, { minLength: 1 }), { nil: undefined }),
  channel: fc.option(fc.subarray(CHANNELS, { minLength: 1 }), { nil: undefined }),
  brand: fc.option(fc.subarray(BRANDS, { minLength: 1 }), { nil: undefined }),
  tag: fc.option(fc.subarray(TAGS, { minLength: 1 }), { nil: undefined }),
  test: fc.boolean().map((b) => b && Math.random() < 0.2),
});

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;
type World = Value<typeof worldArb>;

/** The local calendar date (YYYY-MM-DD) of an instant, by Intl alone. */
function localDate(ms: number, zone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

describe('reports equal the figures recomputed from raw rows', () => {
  it('for random data, time zones, slices and filters', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.array(queryArb, { minLength: 4, maxLength: 8 }), async (world, queries) => {
        const setup = await build(world);
        for (const query of queries) {
          const input = toInput(query, setup);
          const report = await ctx.services.reports.metrics({ ...operatorScope(setup.company), testOnly: query.test }, input);
          assert.deepEqual(normalise(report), oracle(world, setup, query, input), JSON.stringify(input));
        }
      }),
      { numRuns: 15, endOnFailure: true, includeErrorInReport: true },
    );
  });
});

async function build(world: World) {
  const credentials = await createCompany(ctx.services, { brands: BRANDS, channels: CHANNELS });
  const companyId = credentials.id;
  const db = ctx.db.kysely;
  const settings = JSON.parse((await db.selectFrom('companies').select('settings').where('id', '=', companyId).executeTakeFirstOrThrow()).settings);
  await db.updateTable('companies').set({ settings: JSON.stringify({ ...settings, time_zone: world.zone }) }).where('id', '=', companyId).execute();
  const employees = [];
  for (let i = 0; i < 5; i++) employees.push(await createEmployee(ctx.services, companyId, { firstName: `P${i}`, lastName: uniqueName('x') }));
  const ids = employees.map((e) => Number(e.id));
  for (const [i, leaders] of world.leaders.entries()) {
    for (const [position, leader] of leaders.filter((l) => l !== i).entries()) await db.insertInto('employee_team_leaders').values({ company_id: companyId, employee_id: ids[i], team_leader_id: ids[leader], position }).execute();
  }
  const groupIds: Record<string, number> = {};
  for (const name of GROUPS) groupIds[name] = Number((await db.insertInto('groups').values({ company_id: companyId, name, created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id);
  for (const [i, names] of world.groups.entries()) for (const name of names) await db.insertInto('employee_groups').values({ company_id: companyId, employee_id: ids[i], group_id: groupIds[name], kind: 'member' }).execute();
  const brands = (await db.selectFrom('brands').select(['id', 'name']).where('company_id', '=', companyId).execute()).map((b) => ({ id: Number(b.id), name: b.name }));
  const brandId = (name: string) => brands.find((b) => b.name === name)!.id;

  const firstId = Number((await db.selectFrom('interactions').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst())?.max ?? 0) + 1;
  const rows = world.interactions.map((x, i) => {
    const parentIndex = x.recoveryOf === undefined ? undefined : x.recoveryOf % Math.max(1, i);
    const isRecovery = parentIndex !== undefined && i > 0;
    const sentAt = x.sentAt === null ? null : START + x.sentAt;
    const answeredAt = sentAt === null || x.answeredAfter === null ? null : sentAt + x.answeredAfter;
    return {
      id: firstId + i, uuid: crypto.randomUUID(), company_id: companyId, sequence_id: firstId + i, is_test: x.test ? 1 : 0, is_recovery: isRecovery ? 1 : 0,
      parent_id: isRecovery ? firstId + parentIndex! : null, brand_id: brandId(x.brand), channel: x.channel, employee_id: ids[x.employee], team_leader_id: null,
      customer_email: 'c@example.com', customer_name: null, customer_custom_id: null, country: null, language: 'en', tags: JSON.stringify(x.tags), custom_properties: null,
      ext_interaction_id: null, external_url: null, do_not_send: 0, requested_via: 'api', delivery_status: sentAt === null ? 'Pending' : 'Sent', sent_at: sentAt,
      response_received_at: answeredAt, reward_name: null, created_at: START, updated_at: START,
      star_rating: answeredAt === null ? null : x.star, nps_score: answeredAt === null ? null : x.nps, resolved: answeredAt === null ? null : x.resolved,
      has_comment: 0, excellence_labels: null, improvement_labels: null,
    };
  });
  await db.insertInto('interactions').values(rows).execute();
  const scorecard = Number((await db.insertInto('qa_scorecards').values({ company_id: companyId, name: 'Card', archived_at: null, created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow()).id);
  for (const r of world.reviews) {
    await db.insertInto('qa_reviews').values({
      uuid: crypto.randomUUID(), company_id: companyId, sequence_id: 1, scorecard_id: scorecard, employee_id: ids[r.employee], reviewer_id: ids[0], ext_interaction_id: null,
      interaction_url: null, solicitation_uuid: null, count_toward_score: r.counts ? 1 : 0, score: r.score, autofailed: 0, answers: '[]', groups: '[]',
      created_at: START, started_at: null, completed_at: r.completed ? START + r.at : null, updated_at: START,
    } as never).execute();
  }
  for (const s of world.sessions) {
    await db.insertInto('coaching_sessions').values({
      uuid: crypto.randomUUID(), company_id: companyId, sequence_id: 1, coach_id: ids[0], employee_id: ids[s.employee], title: 'Coaching', private: 0, archived: 0,
      shared_at: null, reshared_at: null, kudos: '[]', metric_attachments: '[]', feedback_attachments: '[]', qa_review_attachments: '[]', created_at: START + s.at, updated_at: START + s.at,
    } as never).execute();
  }
  await rebuildCompanyRollups(db, companyId);
  const company = await ctx.services.companies.requireBySubdomain(credentials.subdomain);
  return { company: { ...company, settings: { ...company.settings, time_zone: world.zone } }, ids, rows, groupIds };
}

type Setup = Awaited<ReturnType<typeof build>>;
type Query = Value<typeof queryArb>;

function toInput(query: Query, setup: Setup): ReportQueryInput {
  const from = addDays(localDate(START, setup.company.settings.time_zone), query.fromOffset);
  return {
    from,
    to: addDays(from, query.days - 1),
    group_by: query.groupBy.join(','),
    employee: query.employee?.map((i) => setup.ids[i]),
    team: query.team?.map((i) => setup.ids[i]),
    group: query.group,
    channel: query.channel,
    brand: query.brand,
    tag: query.tag,
    compare: 'previous',
  };
}

/** The report reduced to what the oracle computes: keys as text, figures as they are. */
function normalise(report: MetricsReportView) {
  const keyText = (key: MetricsReportView['rows'][number]['key']) =>
    JSON.stringify([key.employee?.id, key.team?.leader.id, key.group?.name, key.channel, key.brand?.name, key.tag, key.day ?? key.week ?? key.month]);
  const rows = (list: MetricsReportView['rows']) => Object.fromEntries(list.map(({ key, ...figures }) => [keyText(key), figures]));
  return { rows: rows(report.rows), total: report.total, previousRows: rows(report.previous!.rows), previousTotal: report.previous!.total };
}

/** The same report from the raw rows. */
function oracle(world: World, setup: Setup, query: Query, input: ReportQueryInput) {
  const zone = setup.company.settings.time_zone;
  const leadersOf = (i: number) => world.leaders[i].filter((l) => l !== i);
  const employeeOk = (i: number) =>
    (!query.employee || query.employee.includes(i)) &&
    (!query.team || query.team.some((t) => leadersOf(i).includes(t))) &&
    (!query.group || query.group.some((g) => world.groups[i].includes(g)));
  const surveyFilter = query.channel !== undefined || query.brand !== undefined || query.tag !== undefined;
  const period = (from: string, to: string) => {
    type Acc = Record<string, number>;
    const buckets = new Map<string, Acc>();
    const add = (keys: string[], values: Acc) => {
      for (const key of keys) {
        const acc = buckets.get(key) ?? {};
        for (const [name, value] of Object.entries(values)) acc[name] = (acc[name] ?? 0) + value;
        buckets.set(key, acc);
      }
    };
    const keysOf = (i: number, date: string, dims: { channel?: string; brand?: string; tags?: string[] }) => {
      let keys: unknown[][] = [[undefined, undefined, undefined, undefined, undefined, undefined, undefined]];
      for (const slice of query.groupBy) {
        const values: unknown[] =
          slice === 'employee' ? [setup.ids[i]] :
          slice === 'team' ? leadersOf(i).map((l) => setup.ids[l]) :
          slice === 'group' ? world.groups[i] :
          // QA reviews and coaching sessions have no channel, brand or tags: no row of those slices.
          slice === 'channel' ? (dims.channel === undefined ? [] : [dims.channel]) :
          slice === 'brand' ? (dims.brand === undefined ? [] : [dims.brand]) :
          slice === 'tag' ? (dims.tags ?? []) :
          slice === 'day' ? [date] : slice === 'week' ? [mondayOf(date)] : [`${date.slice(0, 7)}-01`];
        const index = ['employee', 'team', 'group', 'channel', 'brand', 'tag'].indexOf(slice);
        keys = keys.flatMap((key) => values.map((value) => key.map((old, k) => (k === (index === -1 ? 6 : index) ? value : old))));
      }
      return [JSON.stringify('total'), ...keys.map((key) => JSON.stringify(key))];
    };
    const inPeriod = (date: string) => date >= from && date <= to;
    for (const [index, x] of world.interactions.entries()) {
      const row = setup.rows[index];
      const i = x.employee;
      if ((row.is_test === 1) !== query.test || !employeeOk(i)) continue;
      if (query.channel && !query.channel.includes(x.channel)) continue;
      if (query.brand && !query.brand.includes(x.brand)) continue;
      if (query.tag && !query.tag.some((t) => x.tags.includes(t))) continue;
      const dims = { channel: x.channel, brand: x.brand, tags: [...new Set(x.tags)] };
      const recovery = row.is_recovery === 1;
      if (row.sent_at !== null && inPeriod(localDate(row.sent_at, zone))) add(keysOf(i, localDate(row.sent_at, zone), dims), recovery ? { recoveries_sent: 1 } : { delivered: 1 });
      if (row.response_received_at === null || !inPeriod(localDate(row.response_received_at, zone))) continue;
      const keys = keysOf(i, localDate(row.response_received_at, zone), dims);
      if (recovery) {
        const first = setup.rows.find((r) => r.id === row.parent_id)!.star_rating;
        const rated = row.star_rating !== null && first !== null;
        add(keys, { recoveries_answered: 1, ...(rated ? { rated: 1, before: first!, after: row.star_rating!, improved: row.star_rating! > first! ? 1 : 0 } : {}) });
        continue;
      }
      add(keys, {
        responses: 1,
        ...(row.star_rating !== null ? { stars: 1, star_sum: row.star_rating, [`s${row.star_rating}`]: 1 } : {}),
        ...(row.nps_score !== null ? { nps: 1, promoters: row.nps_score >= 9 ? 1 : 0, detractors: row.nps_score <= 6 ? 1 : 0 } : {}),
        ...(row.resolved !== null ? { fcr: 1, fcr_yes: row.resolved } : {}),
      });
    }
    // QA reviews and coaching sessions have no channel, brand or tags: a filter by those excludes them (and test data has none).
    if (!query.test && !surveyFilter) {
      for (const r of world.reviews) {
        const date = localDate(START + r.at, zone);
        if (!r.completed || !r.counts || r.score === null || !employeeOk(r.employee) || !inPeriod(date)) continue;
        add(keysOf(r.employee, date, {}), { qa: 1, qa_milli: Math.round(r.score * 1000) });
      }
      for (const s of world.sessions) {
        const date = localDate(START + s.at, zone);
        if (employeeOk(s.employee) && inPeriod(date)) add(keysOf(s.employee, date, {}), { coaching: 1 });
      }
    }
    const perSlice = query.groupBy.some((slice) => slice === 'channel' || slice === 'brand' || slice === 'tag');
    const figuresOf = (a: Record<string, number> | undefined, employeeOnly: boolean) => {
      const v = (name: string) => a?.[name] ?? 0;
      const pct = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1));
      return {
        responses: v('responses'), requests_delivered: v('delivered'), response_rate: pct(v('responses'), v('delivered')),
        star_ratings: v('stars'), star_rating_avg: v('stars') === 0 ? null : round(v('star_sum') / v('stars'), 2),
        five_star_pct: pct(v('s5'), v('stars')), positive_pct: pct(v('s4') + v('s5'), v('stars')), negative_pct: pct(v('s1') + v('s2') + v('s3'), v('stars')),
        stars_1: v('s1'), stars_2: v('s2'), stars_3: v('s3'), stars_4: v('s4'), stars_5: v('s5'),
        nps: v('nps') === 0 ? null : round(((v('promoters') - v('detractors')) / v('nps')) * 100, 1), nps_responses: v('nps'),
        fcr_pct: pct(v('fcr_yes'), v('fcr')), fcr_responses: v('fcr'),
        qa_score_avg: !employeeOnly ? null : v('qa') === 0 ? null : round(v('qa_milli') / 1000 / v('qa'), 1),
        qa_reviews: employeeOnly ? v('qa') : null, coaching_sessions: employeeOnly ? v('coaching') : null,
        recoveries_sent: v('recoveries_sent'), recoveries_answered: v('recoveries_answered'), recoveries_rated: v('rated'),
        recovery_star_before_avg: v('rated') === 0 ? null : round(v('before') / v('rated'), 2), recovery_star_after_avg: v('rated') === 0 ? null : round(v('after') / v('rated'), 2),
        recoveries_improved: v('improved'),
      };
    };
    const rows: Record<string, ReturnType<typeof figuresOf>> = {};
    if (query.groupBy.length > 0) {
      for (const [key, acc] of buckets) {
        if (key === JSON.stringify('total')) continue;
        const figures = figuresOf(acc, !surveyFilter && !perSlice);
        // Rows with survey figures only where the slice has them: a QA-only bucket under a channel slice cannot exist.
        if (Object.values(acc).every((value) => value === 0)) continue;
        rows[key] = figures;
      }
    }
    return { rows, total: figuresOf(buckets.get(JSON.stringify('total')), !surveyFilter) };
  };
  const days = (Date.parse(`${input.to}T00:00:00Z`) - Date.parse(`${input.from}T00:00:00Z`)) / DAY + 1;
  const current = period(input.from, input.to);
  const previous = period(addDays(input.from, -days), addDays(input.from, -1));
  return { rows: current.rows, total: current.total, previousRows: previous.rows, previousTotal: previous.total };
}
