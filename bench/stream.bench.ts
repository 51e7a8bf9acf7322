// The web app's Stream (#19): first page and summary latency for an agent and a team leader over a
// million interactions, the app's initial JavaScript, and the time to the first cards in Chromium.
import { initialJavaScript, timeToFirstCards } from './stream-browser.ts';
import { agentRows, PASSWORD, seedStreamData, type StreamDataset } from './stream-data.ts';
import { benchDatabases, freshDatabase, startServer, type BenchRow } from './support.ts';

/** Interactions seeded per database (BENCH_STREAM_ROWS, BENCH_STREAM_PG_ROWS override). */
const ROWS = {
  sqlite: Number(process.env.BENCH_STREAM_ROWS ?? 1_000_000),
  postgres: Number(process.env.BENCH_STREAM_PG_ROWS ?? process.env.BENCH_STREAM_ROWS ?? 1_000_000),
};
/** Measured requests per endpoint, after WARMUP unmeasured ones. */
const REQUESTS = Number(process.env.BENCH_STREAM_REQUESTS ?? 200);
const WARMUP = 20;
const BASELINE = 'GET /app/api/me';

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/app/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ac_session='));
  if (!cookie) throw new Error('sign-in set no ac_session cookie');
  return cookie.split(';')[0];
}

/** One request, read to its end; its milliseconds. */
async function timed(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `REQUESTS` sequential requests to `path` (one connection, keep-alive), each followed by one to
 * the baseline with the same cookie, after a warm-up; p50 and p99 of each.
 */
async function latency(base: string, cookie: string, path: string) {
  for (let i = 0; i < WARMUP; i++) {
    await timed(`${base}${path}`, cookie);
    await timed(`${base}/app/api/me`, cookie);
  }
  const target: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    target.push(await timed(`${base}${path}`, cookie));
    baseline.push(await timed(`${base}/app/api/me`, cookie));
  }
  return { p50: percentile(target, 50), p99: percentile(target, 99), baseP50: percentile(baseline, 50), baseP99: percentile(baseline, 99) };
}

/** What the endpoint answers once, for the log and to skip it when it is not there yet. */
async function probe(base: string, cookie: string, path: string): Promise<{ ok: true; note: string } | { ok: false; note: string }> {
  const response = await fetch(`${base}${path}`, { headers: { cookie } });
  const text = await response.text();
  if (response.status !== 200) return { ok: false, note: `not measured: ${path.split('?')[0]} answered ${response.status}` };
  const body = JSON.parse(text);
  if (Array.isArray(body.cards)) {
    if (body.cards.length === 0) throw new Error(`${path} returned no cards: the dataset should fill a page`);
    return { ok: true, note: `${body.cards.length} cards, ${text.length.toLocaleString('en')} bytes` };
  }
  return { ok: true, note: `${body.responses} responses, ${text.length.toLocaleString('en')} bytes` };
}

async function measure(base: string, cookie: string, kind: 'sqlite' | 'postgres', who: string, path: string): Promise<BenchRow[]> {
  const benchmark = `GET ${path} (${who})`;
  const checked = await probe(base, cookie, path);
  process.stderr.write(`${kind} ${benchmark}: ${checked.note}\n`);
  if (!checked.ok) return [{ benchmark, database: kind, measure: 'latency', value: checked.note, target: 'p50 <= 50 ms, p99 <= 150 ms', met: false }];
  const result = await latency(base, cookie, path);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const how = `${REQUESTS} sequential requests after ${WARMUP}, each followed by ${BASELINE}`;
  return [
    { benchmark, database: kind, measure: `latency p50 (${how}; ${checked.note})`, value: ms(result.p50), baseline: `${ms(result.baseP50)} (${BASELINE}, same session)`, ratio: result.p50 / result.baseP50, target: '<= 50 ms', met: result.p50 <= 50 },
    { benchmark, database: kind, measure: 'latency p99', value: ms(result.p99), baseline: `${ms(result.baseP99)} (${BASELINE}, same session)`, ratio: result.p99 / result.baseP99, target: '<= 150 ms', met: result.p99 <= 150 },
  ];
}

function datasetRows(kind: 'sqlite' | 'postgres', data: StreamDataset): BenchRow[] {
  const n = (value: number) => value.toLocaleString('en');
  return [
    { benchmark: 'seed-demo --no-qa (Stream dataset)', database: kind, measure: `${n(data.interactions)} interactions, ${n(data.answers)} answers`, value: `${data.seedSeconds.toFixed(1)} s` },
    {
      benchmark: 'Stream dataset',
      database: kind,
      measure: `100 agents in 4 teams of 25, written before seed-demo spread the interactions over them (leaders: ${n(data.leaderInteractions)})`,
      value: `agent: ${n(data.agent.interactions)} interactions, ${n(data.agentResponses30d)} responses in the last 30 days; leader: ${data.leader.teamSize} agents, ${n(data.leader.teamInteractions)} interactions, ${n(data.leaderResponses30d)} responses in the last 30 days`,
    },
  ];
}

export default async function streamBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [...initialJavaScript()];
  for (const kind of await benchDatabases()) {
    const database = await freshDatabase(kind);
    const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' };
    try {
      process.stderr.write(`${kind}: seeding ${ROWS[kind]} interactions and the teams...\n`);
      const started = performance.now();
      const data = await seedStreamData(env, database.url, ROWS[kind]);
      process.stderr.write(`${kind}: dataset ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify({ ...data, leader: { ...data.leader, memberIds: undefined } })}\n`);
      rows.push(...datasetRows(kind, data));
      const server = await startServer(env);
      try {
        const agent = await signIn(server.url, data.agent.email);
        const leader = await signIn(server.url, data.leader.email);
        rows.push(...(await measure(server.url, agent, kind, `agent, ${agentRows(ROWS[kind]).toLocaleString('en')} interactions`, '/app/api/stream?limit=25')));
        rows.push(...(await measure(server.url, agent, kind, 'agent', '/app/api/stream/summary')));
        rows.push(...(await measure(server.url, leader, kind, `leader of ${data.leader.teamSize}`, '/app/api/stream?limit=25')));
        rows.push(...(await measure(server.url, leader, kind, `leader of ${data.leader.teamSize}`, '/app/api/stream/summary')));
        rows.push(...(await measure(server.url, leader, kind, `leader of ${data.leader.teamSize}`, '/app/api/stream?limit=25&stars=1&stars=2')));
        const missed = rows.some((row) => row.database === kind && row.met === false && row.benchmark.startsWith('GET /app/api/stream') && row.value.endsWith(' ms'));
        if (missed || process.env.BENCH_STREAM_EXPLAIN === '1') {
          const { explainStream } = await import('./stream-plans.ts');
          const plans = await explainStream(kind, database.url, data.companyId, [
            { who: 'agent', employeeIds: [data.agent.id] },
            { who: 'leader', employeeIds: [data.leader.id, ...data.leader.memberIds] },
            { who: 'leader, stars=1&stars=2', employeeIds: [data.leader.id, ...data.leader.memberIds], stars: [1, 2] },
          ]).catch((error: Error) => `(no plans: ${error.message})`);
          process.stderr.write(`\n${kind}: the Stream's queries, timed, with their plans${missed ? ' (a latency target was missed)' : ''}:\n${plans}\n\n`);
        }
        rows.push(...(await timeToFirstCards(server.url, leader, `leader of ${data.leader.teamSize}`, kind)));
        rows.push(...(await timeToFirstCards(server.url, agent, 'agent', kind)));
      } finally {
        await server.stop();
      }
    } finally {
      await database.drop();
    }
  }
  return rows;
}
