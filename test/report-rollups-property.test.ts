import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { sha256Hex } from '../src/lib/secrets.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { seedInteractions } from '../src/modules/demo-data/seed-demo.ts';
import { Random } from '../src/modules/demo-data/demo-values.ts';
import { defaultOptions } from '../src/modules/survey/question-catalog.ts';
import type { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { CHAT_FORM } from './helpers/qa-factories.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { csrfOf, fastWorker, tokenFromMail } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// The report rollups stay exact through every writer: random sequences of feedback requests
// (production and test key), deliveries by the outbox worker to a real SMTP server, star clicks,
// survey forms (new ratings, NPS and FCR answers and their removal), withdrawn click ratings,
// service recoveries, QA reviews (drafts, completion, re-scoring, count_toward_score) and
// coaching sessions, time passing across DST changes and month ends, and changes of the
// company's time_zone. After each sequence, every non-zero rollup row equals the rollups an
// independent oracle recomputes from the raw rows (plain selects, its own local days through
// Intl.DateTimeFormat), in every grain, and no rollup row is missing or extra.

const NUM_RUNS = Number(process.env.ROLLUP_PROPERTY_RUNS ?? 16);
const HOUR = 3_600_000;
/** Fake clock start (after the real time, so rows the SQLite writer thread stamps are never in its future): NY DST 14 March, Paris 28 March, a month end. */
const START = Date.parse('2027-03-06T21:40:00Z');
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
const CHANNELS = ['phone', 'chat', 'email'];
const BRANDS = ['alpha', 'beta'];
const TAGS = ['vip', 'refund', 'billing'];

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let clock = START;

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL: 'https://feedback.example' });
  worker = fastWorker(ctx);
  mock.timers.enable({ apis: ['Date'], now: clock });
});
after(async () => {
  mock.timers.reset();
  await worker.stop();
  await ctx.close();
  await sink.close();
});

function advance(ms: number): void {
  clock += ms;
  mock.timers.setTime(clock);
}

/** Waits on real timers (the fake clock stands still) until `check` holds. */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 1500; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// ---------------------------------------------------------------------------------------------
// The oracle: figures from raw rows, independent of src/modules/reports.

const GRAIN = { employee: 1, channel: 2, brand: 4, tags: 8 };
/** The materialised grains, as the contract (CONTRACT-20.md) lists them. */
const ORACLE_GRAINS = [0, GRAIN.channel, GRAIN.brand, GRAIN.employee, GRAIN.employee | GRAIN.channel, GRAIN.employee | GRAIN.channel | GRAIN.brand | GRAIN.tags];
const EMPLOYEE_ONLY_GRAINS = [0, GRAIN.employee];
const COUNTERS = [
  'responses', 'delivered', 'star_1', 'star_2', 'star_3', 'star_4', 'star_5', 'nps_count', 'nps_promoters', 'nps_detractors', 'fcr_count', 'fcr_yes',
  'qa_reviews', 'qa_score_milli', 'coaching_sessions', 'recoveries_sent', 'recoveries_answered', 'recovery_rated', 'recovery_first_star_sum',
  'recovery_star_sum', 'recovery_improved',
];

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The local calendar date of `ms` in `timeZone`: [days since 1970-01-01, months since January 1970]. */
function oracleDay(ms: number, timeZone: string): { day: number; month: number } {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, Number(part.value)]));
  return { day: Date.UTC(parts.year, parts.month - 1, parts.day) / 86_400_000, month: (parts.year - 1970) * 12 + parts.month - 1 };
}

type Counts = Record<string, number>;

async function oracleRollups(db: Kysely<Database>, companyId: number): Promise<Map<string, Counts>> {
  const company = await db.selectFrom('companies').select('settings').where('id', '=', companyId).executeTakeFirstOrThrow();
  const timeZone: string = JSON.parse(company.settings).time_zone ?? 'UTC';
  const interactions = await db
    .selectFrom('interactions')
    .select(['id', 'is_test', 'is_recovery', 'parent_id', 'employee_id', 'channel', 'brand_id', 'tags', 'sent_at', 'response_received_at'])
    .where('company_id', '=', companyId)
    .execute();
  const answers = await db.selectFrom('answers').select(['interaction_id', 'question_key', 'selected_options']).where('company_id', '=', companyId).execute();
  const firstOption = new Map<string, { option_text: string; integer_value: number | null }>();
  for (const answer of answers) {
    const options = JSON.parse(answer.selected_options);
    if (options.length > 0) firstOption.set(`${answer.interaction_id}:${answer.question_key}`, options[0]);
  }
  const stars = (id: number) => firstOption.get(`${id}:agent_star_rating`)?.integer_value ?? null;

  const out = new Map<string, Counts>();
  const add = (isTest: number, ms: number, employeeId: number, dims: { channel: string; brandId: number; tags: string } | null, counts: Counts) => {
    const { day, month } = oracleDay(ms, timeZone);
    for (const grain of dims ? ORACLE_GRAINS : EMPLOYEE_ONLY_GRAINS) {
      const key = [
        isTest, grain, day, month,
        grain & GRAIN.employee ? employeeId : 0,
        dims && grain & GRAIN.channel ? dims.channel : '',
        dims && grain & GRAIN.brand ? dims.brandId : 0,
        dims && grain & GRAIN.tags ? dims.tags : '',
      ].join('|');
      const row = out.get(key) ?? Object.fromEntries(COUNTERS.map((name) => [name, 0]));
      for (const [name, value] of Object.entries(counts)) row[name] += value;
      out.set(key, row);
    }
  };
  for (const row of interactions) {
    const id = Number(row.id);
    const dims = { channel: row.channel, brandId: Number(row.brand_id), tags: JSON.stringify([...new Set(JSON.parse(row.tags) as string[])].sort()) };
    const isTest = Number(row.is_test);
    const employee = Number(row.employee_id);
    if (Number(row.is_recovery) === 1) {
      if (row.sent_at !== null) add(isTest, Number(row.sent_at), employee, dims, { recoveries_sent: 1 });
      if (row.response_received_at !== null) {
        const own = stars(id);
        const first = row.parent_id === null ? null : stars(Number(row.parent_id));
        const rated = own !== null && first !== null;
        add(isTest, Number(row.response_received_at), employee, dims, {
          recoveries_answered: 1,
          recovery_rated: rated ? 1 : 0,
          recovery_first_star_sum: rated ? first : 0,
          recovery_star_sum: rated ? own : 0,
          recovery_improved: rated && own > first ? 1 : 0,
        });
      }
      continue;
    }
    if (row.sent_at !== null) add(isTest, Number(row.sent_at), employee, dims, { delivered: 1 });
    if (row.response_received_at !== null) {
      const counts: Counts = { responses: 1 };
      const star = stars(id);
      if (star !== null) counts[`star_${star}`] = 1;
      const nps = firstOption.get(`${id}:nps`)?.integer_value ?? null;
      if (nps !== null) Object.assign(counts, { nps_count: 1, nps_promoters: nps >= 9 ? 1 : 0, nps_detractors: nps <= 6 ? 1 : 0 });
      const fcr = firstOption.get(`${id}:fcr`);
      if (fcr) Object.assign(counts, { fcr_count: 1, fcr_yes: fcr.option_text === 'Yes' ? 1 : 0 });
      add(isTest, Number(row.response_received_at), employee, dims, counts);
    }
  }
  const reviews = await db.selectFrom('qa_reviews').select(['employee_id', 'completed_at', 'count_toward_score', 'score']).where('company_id', '=', companyId).execute();
  for (const review of reviews) {
    if (review.completed_at === null || Number(review.count_toward_score) !== 1 || review.score === null) continue;
    add(0, Number(review.completed_at), Number(review.employee_id), null, { qa_reviews: 1, qa_score_milli: Math.round(Number(review.score) * 1000) });
  }
  const sessions = await db.selectFrom('coaching_sessions').select(['employee_id', 'created_at']).where('company_id', '=', companyId).execute();
  for (const session of sessions) add(0, Number(session.created_at), Number(session.employee_id), null, { coaching_sessions: 1 });
  for (const [key, counts] of out) if (Object.values(counts).every((value) => value === 0)) out.delete(key);
  return out;
}

/** The company's stored rollups in the oracle's keys (tag sets by their tags), zero rows left out. */
async function storedRollups(db: Kysely<Database>, companyId: number): Promise<Map<string, Counts>> {
  const tagsets = new Map((await db.selectFrom('report_tagsets').select(['id', 'tags']).where('company_id', '=', companyId).execute()).map((row) => [Number(row.id), row.tags]));
  const rows = await db.selectFrom('report_rollups').selectAll().where('company_id', '=', companyId).execute();
  const out = new Map<string, Counts>();
  for (const row of rows) {
    const counts = Object.fromEntries(COUNTERS.map((name) => [name, Number(row[name as keyof typeof row])]));
    if (Object.values(counts).every((value) => value === 0)) continue;
    const tagsetId = Number(row.tagset_id);
    const key = [Number(row.is_test), Number(row.grain), Number(row.day), Number(row.month), Number(row.employee_id), row.channel, Number(row.brand_id), tagsetId === 0 ? '' : tagsets.get(tagsetId)].join('|');
    assert.ok(!out.has(key), `one row per key: ${key}`);
    out.set(key, counts);
  }
  return out;
}

async function assertExact(companyId: number, label: string): Promise<void> {
  const expected = await oracleRollups(ctx.db.kysely, companyId);
  const actual = await storedRollups(ctx.db.kysely, companyId);
  const sorted = (map: Map<string, Counts>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
  assert.deepEqual(sorted(actual), sorted(expected), `${label}: rollups equal the figures recomputed from raw rows`);
}

// ---------------------------------------------------------------------------------------------
// The world: one company per sequence, written through HTTP and the services.

interface World {
  company: CompanyCredentials;
  companyId: number;
  agents: { id: number; email: string }[];
  leaderEmail: string;
  reviewerEmail: string;
  scorecard: { id: string; questions: { id: number; options: { id: number; text: string }[] }[] };
  requests: { uuid: string; id: number; isTest: boolean; isRecovery: boolean; doNotSend: boolean }[];
  /** Survey tokens by interaction id, from the emails received. */
  tokens: Map<number, string>;
  reviews: string[];
}

async function buildWorld(timeZone: string): Promise<World> {
  const company = await createCompany(ctx.services, { brands: BRANDS, channels: CHANNELS });
  const s = company.subdomain;
  await ctx.services.companies.setSettings(s, [`time_zone=${timeZone}`, 'survey_finished_after_minutes=43200', 'survey_expiry_days=365']);
  const leader = await createEmployee(ctx.services, company.id, { email: `lead@${s}.example`, role: 'Team Leader' });
  const reviewer = await createEmployee(ctx.services, company.id, { email: `rita@${s}.example`, role: 'QA Reviewer' });
  const agents = [];
  for (const i of [1, 2, 3]) agents.push(await createEmployee(ctx.services, company.id, { email: `agent${i}@${s}.example`, teamLeaderId: leader.id }));
  const created = await ctx.as(company).post('/v2/qa/scorecards', CHAT_FORM);
  assert.equal(created.statusCode, 201, created.body);
  return {
    company, companyId: company.id, agents: agents.map((a) => ({ id: a.id, email: a.email })), leaderEmail: leader.email, reviewerEmail: reviewer.email,
    scorecard: created.json(), requests: [], tokens: new Map(), reviews: [],
  };
}

type Op =
  | { kind: 'advance'; minutes: number }
  | { kind: 'request'; agent: number; channel: number; brand: number; tags: string[]; test: boolean; doNotSend: boolean }
  | { kind: 'recovery'; parent: number; doNotSend: boolean }
  | { kind: 'deliver' }
  /** A bad first rating followed up: rate a delivered first survey, send a recovery, rate the recovery. */
  | { kind: 'recovery-flow'; target: number; first: number; then: number }
  | { kind: 'click'; target: number; stars: number }
  | { kind: 'withdraw'; target: number; stars: number }
  | { kind: 'form'; target: number; rating: number | null; nps: number | null | 'clear'; fcr: 'yes' | 'no' | 'clear' | null }
  | { kind: 'review'; agent: number; answers: number[]; complete: boolean; count: boolean }
  | { kind: 'edit-review'; review: number; answers: number[] | null; complete: boolean | null; count: boolean | null }
  | { kind: 'coaching'; agent: number }
  | { kind: 'time-zone'; zone: number };

const index = fc.nat(1000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 0, max: 20 * 60 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('request' as const), agent: index, channel: index, brand: index, tags: fc.subarray(TAGS), test: fc.nat(3).map((n) => n === 0), doNotSend: fc.nat(4).map((n) => n === 0) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('recovery' as const), parent: index, doNotSend: fc.nat(4).map((n) => n === 0) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'deliver' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('recovery-flow' as const), target: index, first: fc.integer({ min: 1, max: 5 }), then: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('click' as const), target: index, stars: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), target: index, stars: fc.integer({ min: 1, max: 5 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('form' as const), target: index,
      rating: fc.option(fc.integer({ min: 1, max: 5 })),
      nps: fc.oneof(fc.constant(null), fc.constant('clear' as const), fc.integer({ min: 0, max: 10 })),
      fcr: fc.constantFrom('yes' as const, 'no' as const, 'clear' as const, null),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('review' as const), agent: index, answers: fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), complete: fc.nat(3).map((n) => n !== 0), count: fc.nat(3).map((n) => n !== 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit-review' as const), review: index, answers: fc.option(fc.array(fc.nat(2), { minLength: 3, maxLength: 3 })), complete: fc.option(fc.boolean()), count: fc.option(fc.boolean()) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('coaching' as const), agent: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('time-zone' as const), zone: index }) },
);

const pick = <T>(items: T[], i: number): T | undefined => (items.length === 0 ? undefined : items[i % items.length]);
const FCR = Object.fromEntries(defaultOptions('fcr').map((option) => [option.option_text, String(option.option_id)]));

/** Waits until the worker has recorded every queued survey email, then reads the tokens of the emails received. */
async function deliver(world: World): Promise<void> {
  await until(async () => {
    const pending = await ctx.db.kysely.selectFrom('interactions').select('id').where('company_id', '=', world.companyId).where('delivery_status', '=', 'Pending').executeTakeFirst();
    return pending === undefined;
  }, 'every survey email recorded');
  for (; mailsRead < sink.received.length; mailsRead++) {
    const token = tokenFromMail(sink.received[mailsRead].parsed);
    const survey = await ctx.db.kysely.selectFrom('surveys').select('interaction_id').where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
    tokens.set(Number(survey.interaction_id), token);
  }
  for (const request of world.requests) if (tokens.has(request.id)) world.tokens.set(request.id, tokens.get(request.id)!);
}

/** Survey tokens of every email received, by interaction id, and how many emails were read. */
const tokens = new Map<number, string>();
let mailsRead = 0;

/** A delivered production survey (first survey or recovery) and its token; delivers what is queued first when none is. */
async function surveyOf(world: World, target: number): Promise<string | undefined> {
  if (!world.requests.some((r) => !r.isTest && world.tokens.has(r.id))) await deliver(world);
  const answerable = world.requests.filter((r) => !r.isTest && world.tokens.has(r.id));
  const request = pick(answerable, target);
  return request && world.tokens.get(request.id);
}

async function click(token: string, stars: number): Promise<void> {
  const response = await ctx.app.inject({ method: 'GET', url: `/s/${token}/rate/${stars}` });
  assert.equal(response.statusCode, 303, response.body);
}

async function apply(world: World, op: Op): Promise<void> {
  const api = ctx.as(world.company);
  switch (op.kind) {
    case 'advance':
      advance(op.minutes * 60_000 + 7_919);
      return;
    case 'request': {
      const agent = pick(world.agents, op.agent)!;
      const body = {
        customer: { name: 'Simone', email: `${uniqueName('c')}@example.com` },
        employee: { email: agent.email },
        channel: pick(CHANNELS, op.channel),
        brand: pick(BRANDS, op.brand),
        language: 'en',
        tags: op.tags,
        do_not_send: op.doNotSend,
        ext_interaction_id: uniqueName('t'),
      };
      const response = await ctx.as(world.company, { key: op.test ? 'test' : 'production', jwt: false }).post('/v1/requests', body);
      assert.equal(response.statusCode, 200, response.body);
      const uuid = response.json().request_id;
      const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow();
      world.requests.push({ uuid, id: Number(row.id), isTest: op.test, isRecovery: false, doNotSend: op.doNotSend });
      return;
    }
    case 'recovery': {
      const parent = pick(world.requests.filter((r) => !r.isRecovery), op.parent);
      if (!parent) return;
      const response = await ctx.as(world.company, { key: parent.isTest ? 'test' : 'production', jwt: false }).post('/v1/recoveries', { initial_feedback_request_id: parent.uuid, do_not_send: op.doNotSend, tags: ['recovery'] });
      assert.equal(response.statusCode, 200, response.body);
      const uuid = response.json().request_id;
      const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow();
      world.requests.push({ uuid, id: Number(row.id), isTest: parent.isTest, isRecovery: true, doNotSend: op.doNotSend });
      return;
    }
    case 'deliver':
      await deliver(world);
      return;
    case 'recovery-flow': {
      await deliver(world);
      const parent = pick(world.requests.filter((r) => !r.isTest && !r.isRecovery && world.tokens.has(r.id)), op.target);
      if (!parent) return;
      advance(11_000);
      await click(world.tokens.get(parent.id)!, op.first);
      const response = await ctx.as(world.company, { jwt: false }).post('/v1/recoveries', { initial_feedback_request_id: parent.uuid });
      assert.equal(response.statusCode, 200, response.body);
      const uuid = response.json().request_id;
      const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow();
      world.requests.push({ uuid, id: Number(row.id), isTest: false, isRecovery: true, doNotSend: false });
      await deliver(world);
      await click(world.tokens.get(Number(row.id))!, op.then);
      return;
    }
    case 'click': {
      const token = await surveyOf(world, op.target);
      // A customer's click, after any earlier one's scanner window.
      advance(11_000);
      if (token) await click(token, op.stars);
      return;
    }
    case 'withdraw': {
      // Two different stars within the scanner window: a click rating is withdrawn.
      const token = await surveyOf(world, op.target);
      if (!token) return;
      await click(token, op.stars);
      await click(token, (op.stars % 5) + 1);
      return;
    }
    case 'form': {
      const token = await surveyOf(world, op.target);
      if (!token) return;
      const page = await ctx.app.inject({ method: 'GET', url: `/s/${token}` });
      assert.equal(page.statusCode, 200);
      const { cookie, csrf } = csrfOf(page);
      const form: Record<string, string> = { csrf, shown_agent_star_rating: '1' };
      if (op.rating !== null) form.rating = String(op.rating);
      if (op.nps !== null) {
        form.shown_nps = '1';
        if (op.nps !== 'clear') form.nps = String(op.nps);
      }
      if (op.fcr !== null) {
        form.shown_fcr = '1';
        if (op.fcr !== 'clear') form.fcr = FCR[op.fcr === 'yes' ? 'Yes' : 'No'];
      }
      const response = await ctx.app.inject({
        method: 'POST', url: `/s/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams(form).toString(),
      });
      assert.equal(response.statusCode, 303, response.body);
      return;
    }
    case 'review': {
      const agent = pick(world.agents, op.agent)!;
      const response = await api.post('/v2/qa', {
        scorecard_id: world.scorecard.id,
        employee: { email: agent.email },
        reviewer: { email: world.reviewerEmail },
        answers: reviewAnswers(world, op.answers),
        complete: op.complete,
        count_toward_score: op.count,
      });
      assert.equal(response.statusCode, 201, response.body);
      world.reviews.push(response.json().uuid);
      return;
    }
    case 'edit-review': {
      const uuid = pick(world.reviews, op.review);
      if (!uuid) return;
      const body: Record<string, unknown> = {};
      if (op.answers) body.answers = reviewAnswers(world, op.answers);
      if (op.complete !== null) body.complete = op.complete;
      if (op.count !== null) body.count_toward_score = op.count;
      const response = await api.put(`/v2/qa/${uuid}`, body);
      assert.equal(response.statusCode, 200, response.body);
      return;
    }
    case 'coaching': {
      const agent = pick(world.agents, op.agent)!;
      const response = await api.post('/v2/coaching/sessions', { coach: { email: world.leaderEmail }, employee: { email: agent.email }, title: '1:1' });
      assert.equal(response.statusCode, 201, response.body);
      return;
    }
    case 'time-zone':
      await ctx.services.companies.setSettings(world.company.subdomain, [`time_zone=${pick(ZONES, op.zone)}`]);
      return;
  }
}

/** A complete set of answers to the scorecard: option `choice` (mod its options) of each question. */
function reviewAnswers(world: World, choices: number[]) {
  return world.scorecard.questions.map((question, i) => ({ question_id: question.id, option_id: question.options[choices[i] % question.options.length].id, comment: null }));
}

describe('report rollups', () => {
  it('equal the figures recomputed from raw rows after any sequence of writes, in every grain', async (t) => {
    const seen: Counts = {};
    const kinds: Counts = {};
    await fc.assert(
      fc.asyncProperty(fc.nat(ZONES.length - 1), fc.array(opArb, { minLength: 10, maxLength: 28, size: 'max' }), async (zone, ops) => {
        advance(3 * 86_400_000);
        const world = await buildWorld(ZONES[zone]);
        for (const op of ops) {
          kinds[op.kind] = (kinds[op.kind] ?? 0) + 1;
          await apply(world, op);
        }
        await deliver(world);
        await assertExact(world.companyId, JSON.stringify(ops));
        for (const [key, counts] of await oracleRollups(ctx.db.kysely, world.companyId)) {
          if (key.split('|')[1] === '0') for (const name of COUNTERS) seen[name] = (seen[name] ?? 0) + counts[name];
        }
      }),
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
    t.diagnostic(`operations: ${JSON.stringify(kinds)}; counted over all sequences: ${JSON.stringify(seen)}`);
    // The sequences exercise the writers (the fixed sequence below covers every counter; these are never rare).
    for (const name of ['delivered', 'responses', 'recoveries_sent', 'coaching_sessions']) assert.ok(seen[name] > 0, `${name} counted`);
  });

  it('counts the sends, answers, recoveries, reviews and sessions the sequence wrote (the oracle is not vacuous)', async () => {
    advance(86_400_000);
    const world = await buildWorld('Europe/Paris');
    const ops: Op[] = [
      { kind: 'request', agent: 0, channel: 1, brand: 0, tags: ['vip'], test: false, doNotSend: false },
      { kind: 'request', agent: 1, channel: 0, brand: 1, tags: [], test: true, doNotSend: false },
      { kind: 'deliver' },
      { kind: 'click', target: 0, stars: 2 },
      { kind: 'recovery', parent: 0, doNotSend: false },
      { kind: 'deliver' },
      { kind: 'advance', minutes: 90 },
      { kind: 'click', target: 1, stars: 5 },
      { kind: 'form', target: 0, rating: null, nps: 10, fcr: 'yes' },
      { kind: 'review', agent: 0, answers: [0, 0, 0], complete: true, count: true },
      { kind: 'coaching', agent: 0 },
    ];
    for (const op of ops) await apply(world, op);
    const grand = [...(await storedRollups(ctx.db.kysely, world.companyId))].filter(([key]) => key.startsWith('0|0|')).reduce((sum, [, c]) => {
      for (const name of COUNTERS) sum[name] = (sum[name] ?? 0) + c[name];
      return sum;
    }, {} as Counts);
    assert.equal(grand.delivered, 1);
    assert.equal(grand.responses, 1);
    assert.equal(grand.star_2, 1);
    assert.equal(grand.nps_promoters, 1);
    assert.equal(grand.fcr_yes, 1);
    assert.equal(grand.recoveries_sent, 1);
    assert.equal(grand.recoveries_answered, 1);
    assert.equal(grand.recovery_improved, 1);
    assert.equal(grand.recovery_first_star_sum, 2);
    assert.equal(grand.qa_reviews, 1);
    assert.equal(grand.qa_score_milli, 100_000);
    assert.equal(grand.coaching_sessions, 1);
    await assertExact(world.companyId, 'fixed sequence');

    // A new rating of the first survey moves the recovery's figures too.
    await apply(world, { kind: 'form', target: 0, rating: 4, nps: null, fcr: null });
    const moved = [...(await storedRollups(ctx.db.kysely, world.companyId))].filter(([key]) => key.startsWith('0|0|')).reduce((sum, [, c]) => sum + c.recovery_first_star_sum, 0);
    assert.equal(moved, 4);
    await assertExact(world.companyId, 'after a new first rating');
  });

  it('moves days when the company time_zone changes (rebuilt with the setting)', async () => {
    // 23:30 UTC: the same evening in New York, the next morning in Paris.
    clock = Math.max(clock, Date.parse('2027-06-01T00:00:00Z'));
    advance(0);
    const midnight = Math.ceil(clock / 86_400_000) * 86_400_000;
    clock = midnight + 23.5 * HOUR;
    advance(0);
    const world = await buildWorld('UTC');
    await apply(world, { kind: 'request', agent: 0, channel: 0, brand: 0, tags: [], test: false, doNotSend: false });
    await deliver(world);
    await apply(world, { kind: 'click', target: 0, stars: 5 });
    const days = async () => [...new Set([...(await storedRollups(ctx.db.kysely, world.companyId)).keys()].map((key) => Number(key.split('|')[2])))];
    const utcDay = Math.floor(clock / 86_400_000);
    assert.deepEqual(await days(), [utcDay]);
    await ctx.services.companies.setSettings(world.company.subdomain, ['time_zone=Europe/Paris']);
    assert.deepEqual(await days(), [utcDay + 1]);
    await assertExact(world.companyId, 'Paris');
    await ctx.services.companies.setSettings(world.company.subdomain, ['time_zone=America/New_York']);
    assert.deepEqual(await days(), [utcDay]);
    await assertExact(world.companyId, 'New York');
  });

  it('adds the demo loader\'s bulk batches (history with answers and recoveries) exactly', async () => {
    mock.timers.reset();
    try {
      const company = await createCompany(ctx.services, { brands: BRANDS });
      await ctx.services.companies.setSettings(company.subdomain, ['time_zone=America/New_York']);
      const team = [];
      for (let n = 0; n < 2; n++) team.push({ id: (await createEmployee(ctx.services, company.id)).id, teamLeaderId: null });
      const loaded = (await ctx.services.companies.requireBySubdomain(company.subdomain));
      const result = await seedInteractions(ctx.db, loaded, team, { interactions: 400, batchSize: 150, responseRate: 0.6 }, new Random(7));
      assert.ok(result.recoveries > 0 && result.answers > 0, JSON.stringify(result));
      await assertExact(company.id, 'demo data');
    } finally {
      mock.timers.enable({ apis: ['Date'], now: clock });
    }
  });
});
