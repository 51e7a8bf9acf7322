// Reports (#20): three reports over a year of data (a million interactions on SQLite, 200,000 on
// PostgreSQL) through ReportsService.metrics (the rollups), beside the same figures computed by
// GROUP BY over the raw rows in the same run; one of them over HTTP too.
import { SignJWT } from 'jose';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { operatorScope } from '../src/modules/access/scope.ts';
import { COUNTER_NAMES, figures, type Counters } from '../src/modules/reports/counters.ts';
import { isoDay, localDay, monthOf, monthStart, parseIsoDay } from '../src/modules/reports/local-time.ts';
import { cachedReportsData, openServices, type ReportsDataset } from './reports-data.ts';
import { rawReport, type BenchReport, type RawResult } from './reports-raw.ts';
import { benchDatabases, machineLoad, startServer, type BenchRow } from './support.ts';

const ROWS = {
  sqlite: Number(process.env.BENCH_REPORTS_ROWS ?? 1_000_000),
  postgres: Number(process.env.BENCH_REPORTS_PG_ROWS ?? 200_000),
};
/** Timed runs of each report through the service (after WARMUP), and of its raw GROUP BY (slower: fewer). */
const RUNS = Number(process.env.BENCH_REPORTS_RUNS ?? 30);
const RAW_RUNS = Number(process.env.BENCH_REPORTS_RAW_RUNS ?? 5);
const WARMUP = 3;
const TARGET_MS = 50;

/** The three reports of the issue, of the periods before the data was written (UTC days). */
function benchReports(generatedAt: number): BenchReport[] {
  const today = localDay(generatedAt, 'UTC');
  const lastMonth = monthOf(today) - 1;
  const lastQuarter = Math.floor(monthOf(today) / 3) * 3 - 3;
  return [
    { name: 'by employee, one month', from: monthStart(lastMonth), to: monthStart(lastMonth + 1) - 1, groupBy: ['employee'] },
    { name: 'by team by week, one quarter', from: monthStart(lastQuarter), to: monthStart(lastQuarter + 3) - 1, groupBy: ['team', 'week'] },
    { name: 'company by day, one year', from: today - 365, to: today - 1, groupBy: ['day'] },
  ];
}

function queryOf(report: BenchReport) {
  return { from: isoDay(report.from), to: isoDay(report.to), group_by: report.groupBy.join(',') };
}

interface ServiceRow {
  key: { employee?: { id: number }; team?: { leader: { id: number } }; week?: string; day?: string };
  [figure: string]: unknown;
}
interface ServiceReport {
  rows: ServiceRow[];
  total: Record<string, unknown>;
}
type MetricsFn = (query: ReturnType<typeof queryOf>) => Promise<ServiceReport>;

/** A service row's key in the raw baseline's form (reports-raw.ts). */
function keyOf(row: ServiceRow, report: BenchReport): string {
  return report.groupBy
    .map((slice) => {
      if (slice === 'employee') return String(row.key.employee!.id);
      if (slice === 'team') return String(row.key.team!.leader.id);
      return String(parseIsoDay(row.key[slice]!));
    })
    .join('|');
}

/** Throws unless `answer` has exactly the raw baseline's rows and total, figure by figure. */
function assertSame(report: BenchReport, raw: RawResult, answer: ServiceReport, what: string): void {
  const differences: string[] = [];
  const compare = (key: string, expected: Counters, actual: Record<string, unknown> | undefined) => {
    const want = figures(expected, true) as Record<string, unknown>;
    if (!actual) return void differences.push(`${key}: missing`);
    for (const [name, value] of Object.entries(want)) if (actual[name] !== value) differences.push(`${key}.${name}: ${JSON.stringify(actual[name])}, raw ${JSON.stringify(value)}`);
  };
  const byKey = new Map(answer.rows.map((row) => [keyOf(row, report), row]));
  for (const [key, counters] of raw.rows) compare(key, counters, byKey.get(key));
  for (const key of byKey.keys()) if (!raw.rows.has(key)) differences.push(`${key}: not in the raw rows`);
  compare('total', raw.total, answer.total);
  if (differences.length > 0) throw new Error(`${report.name}: ${what} differs from the raw GROUP BY in ${differences.length} figures: ${differences.slice(0, 10).join('; ')}`);
}

/**
 * The same report read straight from report_rollups with one GROUP BY (no service): grain 0 or
 * employee (1), summed per key. Measured while ReportsService is not there, and as a check of the
 * rollups against the raw rows.
 */
async function rollupSql(db: Kysely<Database>, companyId: number, report: BenchReport): Promise<RawResult> {
  const employeeGrain = report.groupBy.some((slice) => slice === 'employee' || slice === 'team');
  const keys = report.groupBy.map((slice) =>
    slice === 'employee' ? sql`r.employee_id` : slice === 'team' ? sql`t.team_leader_id` : slice === 'week' ? sql`(r.day - (r.day + 3) % 7)` : sql`r.day`,
  );
  const sums = sql.join(COUNTER_NAMES.map((name) => sql`SUM(${sql.ref(`r.${name}`)}) AS ${sql.ref(name)}`));
  const team = report.groupBy.includes('team') ? sql`JOIN employee_team_leaders t ON t.company_id = r.company_id AND t.employee_id = r.employee_id` : sql``;
  const where = sql`r.company_id = ${companyId} AND r.is_test = 0 AND r.grain = ${employeeGrain ? 1 : 0} AND r.day >= ${report.from} AND r.day <= ${report.to}`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.join(keys.map((key, i) => sql`${key} AS ${sql.ref(`k${i}`)}`))}, ${sums}
    FROM report_rollups r ${team} WHERE ${where} GROUP BY ${sql.join(keys)}`.execute(db);
  const toCounters = (row: Record<string, unknown>) => Object.fromEntries(COUNTER_NAMES.map((name) => [name, Number(row[name] ?? 0)])) as Counters;
  const result: RawResult = { rows: new Map(), total: toCounters({}) };
  for (const row of rows) result.rows.set(report.groupBy.map((_, i) => String(Number(row[`k${i}`]))).join('|'), toCounters(row));
  // The total counts each row once (an agent in two teams is in both teams' rows): grain 0.
  const totals = await sql<Record<string, unknown>>`
    SELECT ${sums} FROM report_rollups r WHERE r.company_id = ${companyId} AND r.is_test = 0 AND r.grain = 0 AND r.day >= ${report.from} AND r.day <= ${report.to}`.execute(db);
  result.total = toCounters(totals.rows[0] ?? {});
  return result;
}

/** Where two sets of counters differ (at most 5 keys), or '' when they are equal. */
function counterDifferences(a: RawResult, b: RawResult): string {
  const out: string[] = [];
  const keys = new Set([...a.rows.keys(), ...b.rows.keys(), 'total']);
  for (const key of keys) {
    const x = key === 'total' ? a.total : a.rows.get(key);
    const y = key === 'total' ? b.total : b.rows.get(key);
    const names = COUNTER_NAMES.filter((name) => x?.[name] !== y?.[name]);
    if (names.length > 0) out.push(`${key}: ${names.map((name) => `${name} ${x?.[name]} against ${y?.[name]}`).join(', ')}`);
  }
  return out.slice(0, 5).join('; ');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Wall-clock and this process's CPU milliseconds of `work` (on SQLite the query runs in this thread, so CPU is what it costs on an idle machine). */
async function time<T>(work: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000, value };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const spread = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`;
const faster = (raw: number, rollup: number) => `p50 ${(raw / rollup).toFixed(0)}× faster than raw`;
const range = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} ms`;

/**
 * Each report: RAW_RUNS of the raw GROUP BY alternated with runs of the service (and of the bare
 * rollup SQL), then the service alone up to RUNS; p50 / p95 of each, and the answers compared.
 */
async function measureReport(kind: 'sqlite' | 'postgres', db: Kysely<Database>, companyId: number, report: BenchReport, metrics: MetricsFn | null): Promise<BenchRow[]> {
  const raw: number[] = [];
  const service: number[] = [];
  const serviceCpu: number[] = [];
  const rawCpu: number[] = [];
  const bare: number[] = [];
  let rawResult: RawResult | null = null;
  let answer: ServiceReport | null = null;
  for (let i = 0; i < WARMUP; i++) {
    if (metrics) answer = await metrics(queryOf(report));
    await rollupSql(db, companyId, report);
  }
  for (let i = 0; i < Math.max(RUNS, RAW_RUNS); i++) {
    if (i < RAW_RUNS) {
      const r = await time(() => rawReport(db, companyId, report));
      raw.push(r.ms);
      rawCpu.push(r.cpu);
      rawResult = r.value;
    }
    if (metrics) {
      const s = await time(() => metrics(queryOf(report)));
      service.push(s.ms);
      serviceCpu.push(s.cpu);
      answer = s.value;
    }
    const b = await time(() => rollupSql(db, companyId, report));
    bare.push(b.ms);
    const differences = i === 0 ? counterDifferences(b.value, rawResult!) : '';
    if (differences) throw new Error(`${report.name}: report_rollups differ from the raw rows (rollups against raw): ${differences}`);
  }
  if (answer) assertSame(report, rawResult!, answer, 'ReportsService.metrics');
  const rawP50 = percentile(raw, 50);
  const rows = rawResult!.rows.size;
  const benchmark = `report ${report.name} (${isoDay(report.from)}..${isoDay(report.to)}, group_by=${report.groupBy.join(',')}; ${rows.toLocaleString('en')} rows)`;
  const rawText = `${spread(raw)} (raw GROUP BY, p50 / p95 of ${RAW_RUNS}; ${range(raw)}; CPU p50 ${ms(percentile(rawCpu, 50))})`;
  const out: BenchRow[] = [];
  if (metrics) {
    const p50 = percentile(service, 50);
    out.push({
      benchmark, database: kind, measure: `ReportsService.metrics p50 / p95 of ${RUNS} (in process; figures equal to the raw GROUP BY's)`,
      value: `${spread(service)} (${range(service)}; CPU p50 ${ms(percentile(serviceCpu, 50))}${kind === 'postgres' ? ' without the PostgreSQL server' : ''}; ${faster(rawP50, p50)})`, baseline: rawText, ratio: p50 / rawP50, target: `p50 <= ${TARGET_MS} ms`, met: p50 <= TARGET_MS,
    });
  } else {
    out.push({ benchmark, database: kind, measure: 'ReportsService.metrics', value: 'not measured: no ReportsService yet', baseline: rawText, target: `p50 <= ${TARGET_MS} ms`, met: false });
  }
  out.push({
    benchmark, database: kind, measure: `one GROUP BY over report_rollups, p50 / p95 of ${Math.max(RUNS, RAW_RUNS)} (no service; counters equal to the raw GROUP BY's)`,
    value: `${spread(bare)} (${range(bare)}; ${faster(rawP50, percentile(bare, 50))})`, baseline: rawText, ratio: percentile(bare, 50) / rawP50,
  });
  return out;
}

async function token(secret: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(secret));
}

/** GET /v2/reports/metrics for `report`, RUNS sequential requests after WARMUP, each followed by GET /healthz (a floor). */
async function measureHttp(kind: 'sqlite' | 'postgres', data: ReportsDataset, report: BenchReport, raw: RawResult): Promise<BenchRow[]> {
  const server = await startServer({ DATABASE_URL: data.databaseUrl, DATA_DIR: data.dataDir, OUTBOX_WORKER: 'false', RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    const headers = { 'x-api-key': data.apiKey, authorization: `Bearer ${await token(data.apiSecret)}` };
    const url = `${server.url}/v2/reports/metrics?${new URLSearchParams(queryOf(report))}`;
    const get = async (target: string) => {
      const started = performance.now();
      const response = await fetch(target, { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${target} answered ${response.status}: ${text.slice(0, 300)}`);
      return { ms: performance.now() - started, text };
    };
    const first = await get(url);
    assertSame(report, raw, JSON.parse(first.text) as ServiceReport, 'GET /v2/reports/metrics');
    for (let i = 0; i < WARMUP; i++) await get(url);
    const times: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      times.push((await get(url)).ms);
      floor.push((await get(`${server.url}/healthz`)).ms);
    }
    const p50 = percentile(times, 50);
    return [{
      benchmark: `GET /v2/reports/metrics ${report.name} (x-api-key + JWT; ${first.text.length.toLocaleString('en')} bytes)`, database: kind,
      measure: `latency p50 / p95 of ${RUNS} sequential requests (${range(times)}); figures equal to the raw GROUP BY's`,
      value: spread(times), baseline: `${spread(floor)} (GET /healthz, alternated)`, ratio: p50 / percentile(floor, 50), target: `p50 <= ${TARGET_MS} ms`, met: p50 <= TARGET_MS,
    }];
  } finally {
    await server.stop();
  }
}

function datasetRows(data: ReportsDataset): BenchRow[] {
  const n = (value: number) => value.toLocaleString('en');
  const s = (value: number) => `${value.toFixed(1)} s`;
  const when = data.fresh ? 'written in this run' : `reused (written ${new Date(data.generatedAt).toISOString()}; BENCH_REPORTS_FRESH=1 writes it anew)`;
  return [
    {
      benchmark: 'Reports dataset', database: data.kind,
      measure: `${n(data.interactions)} interactions (${n(data.recoveries)} recoveries, ${n(data.answers)} answers) over 365 days, ${data.leaders.length} team leaders, ${n(data.agents)} agents, 4 channels, 2 brands; ${n(data.qaReviews)} QA reviews, ${n(data.coachingSessions)} coaching sessions; ${when}`,
      value: `interactions ${s(data.seconds.interactions)}, QA and coaching ${s(data.seconds.qa)}`,
    },
    {
      benchmark: 'rebuildCompanyRollups (full rebuild, one transaction)', database: data.kind,
      measure: `${n(data.interactions)} interactions -> ${n(data.rollupRows)} rollup rows`, value: s(data.seconds.rebuild),
    },
  ];
}

export default async function reportsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of await benchDatabases()) {
    const load = machineLoad();
    process.stderr.write(`${kind}: the reports dataset (${ROWS[kind].toLocaleString('en')} interactions)...\n`);
    const data = await cachedReportsData(kind, ROWS[kind]);
    process.stderr.write(`${kind}: dataset ${data.fresh ? 'written' : 'reused'}: ${JSON.stringify({ ...data, leaders: undefined, apiKey: undefined, apiSecret: undefined })}\n`);
    rows.push(...datasetRows(data));
    const opened = await openServices(data);
    const reports = benchReports(data.generatedAt);
    let httpRaw: RawResult | null = null;
    let hasService = false;
    try {
      const { db, services } = opened;
      const company = await services.companies.requireBySubdomain('reports');
      const reportsService = (services as unknown as { reports?: { metrics(scope: unknown, query: unknown): Promise<ServiceReport> } }).reports;
      hasService = reportsService !== undefined;
      const metrics: MetricsFn | null = reportsService ? (query) => reportsService.metrics(operatorScope(company), query) : null;
      if (db.dialect === 'sqlite') await sql`PRAGMA optimize`.execute(db.kysely);
      for (const report of reports) {
        const measured = await measureReport(kind, db.kysely, data.companyId, report, metrics);
        rows.push(...measured);
        process.stderr.write(`${kind} ${report.name}: ${measured.map((row) => `${row.measure}: ${row.value} against ${row.baseline}`).join('; ')}\n`);
      }
      if (hasService) httpRaw = await rawReport(db.kysely, data.companyId, reports[0]);
    } finally {
      await opened.close();
    }
    if (httpRaw) rows.push(...(await measureHttp(kind, data, reports[0], httpRaw)));
    rows.push({ benchmark: 'Reports: machine load during the section', database: kind, measure: 'from /proc (other processes included)', value: load.describe() });
  }
  return rows;
}
