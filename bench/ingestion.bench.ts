// POST /v1/requests against a bare-Fastify baseline, alternated, on each database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { FeedbackRequestBody } from '../src/modules/requests/requests.schemas.ts';
import { benchDatabases, freshDatabase, runCli, startServer, type BenchRow } from './support.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 4;
/** Load before the measured rounds, so neither server is measured while its code is still being compiled. */
const WARMUP_SECONDS = 3;

/** The seed's example feedback request (do_not_send: true), as documented in the route schema. */
const body = JSON.stringify(FeedbackRequestBody.examples[0]);

/** CPU time in microseconds of each thread of a process, by thread id (Linux /proc). */
function threadCpu(pid: number): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100);
    } catch {
      // the thread ended
    }
  }
  return ticks;
}

/** Where a round's CPU went, in microseconds per request: the server's main thread, its other threads, the load generator. */
interface CpuPerRequest {
  main: number;
  others: number;
  loadGenerator: number;
}

async function load(url: string, apiKey: string, pid: number, duration = SECONDS) {
  const before = threadCpu(pid);
  const ownBefore = process.cpuUsage();
  const result = await autocannon({
    url: `${url}/v1/requests`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body,
  });
  const own = process.cpuUsage(ownBefore);
  const requests = Math.max(1, result.requests.total);
  const cpu: CpuPerRequest = { main: 0, others: 0, loadGenerator: (own.user + own.system) / requests };
  for (const [tid, micros] of threadCpu(pid)) {
    const used = (micros - (before.get(tid) ?? 0)) / requests;
    if (tid === String(pid)) cpu.main += used;
    else cpu.others += used;
  }
  return { rate: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors + result.timeouts, cpu };
}

function noCpu(): CpuPerRequest {
  return { main: 0, others: 0, loadGenerator: 0 };
}

function addCpu(total: CpuPerRequest, round: CpuPerRequest): void {
  total.main += round.main / ROUNDS;
  total.others += round.others / ROUNDS;
  total.loadGenerator += round.loadGenerator / ROUNDS;
}

function describeCpu(cpu: CpuPerRequest): string {
  return `main thread ${cpu.main.toFixed(0)}, other threads ${cpu.others.toFixed(0)}, load generator ${cpu.loadGenerator.toFixed(0)}`;
}

/** Starts one of the comparison servers of this folder (`baseline-server.ts`, `floor-server.ts`) and waits until it answers. */
async function startComparison(script: string, env: Record<string, string> = {}) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid!, stop: () => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')) };
}

/** A fresh database with the bench company (two brands) and the seed's employee; returns the company's production key. */
async function benchCompany(kind: 'sqlite' | 'postgres') {
  const database = await freshDatabase(kind);
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn' };
  const company = JSON.parse(await runCli(['company', 'create', '--name', 'Bench', '--subdomain', 'bench', '--brand', 'blancapeak', '--brand', 'blancakids', '--json'], env));
  await runCli(['employee', 'add', '--company', 'bench', '--email', 'samantha@blancapeak.com', '--custom-id', '6598260', '--first-name', 'Samantha', '--json'], env);
  return { database, env, apiKey: company.api_key as string };
}

interface Totals {
  rate: number;
  p99: number;
  non2xx: number;
  cpu: CpuPerRequest;
}

function noTotals(): Totals {
  return { rate: 0, p99: 0, non2xx: 0, cpu: noCpu() };
}

function addRound(total: Totals, round: Awaited<ReturnType<typeof load>>): void {
  total.rate += round.rate / ROUNDS;
  total.p99 = Math.max(total.p99, round.p99);
  total.non2xx += round.non2xx;
  addCpu(total.cpu, round.cpu);
}

export default async function ingestion(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const baseline = await startComparison('bench/baseline-server.ts');
  for (const kind of await benchDatabases()) {
    const { database, env, apiKey } = await benchCompany(kind);
    const server = await startServer(env);
    const target = { url: server.url, pid: server.process.pid! };
    // The durable floor (SQLite only): its own database, set up the same way.
    const floorSetup = kind === 'sqlite' ? await benchCompany('sqlite') : null;
    const floor = floorSetup
      ? await startComparison('bench/floor-server.ts', { FLOOR_DATABASE: floorSetup.database.url.slice('sqlite:'.length), FLOOR_API_KEY: floorSetup.apiKey })
      : null;
    const app = noTotals();
    const base = noTotals();
    const durableFloor = noTotals();
    await load(baseline.url, 'none', baseline.pid, WARMUP_SECONDS);
    if (floor) await load(floor.url, floorSetup!.apiKey, floor.pid, WARMUP_SECONDS);
    await load(target.url, apiKey, target.pid, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      const b = await load(baseline.url, 'none', baseline.pid);
      const f = floor ? await load(floor.url, floorSetup!.apiKey, floor.pid) : null;
      const a = await load(target.url, apiKey, target.pid);
      addRound(base, b);
      if (f) addRound(durableFloor, f);
      addRound(app, a);
      process.stderr.write(
        `${kind} round ${round + 1}: baseline ${b.rate.toFixed(0)}/s, ${f ? `durable floor ${f.rate.toFixed(0)}/s, ` : ''}app ${a.rate.toFixed(0)}/s ` +
          `(ratio ${(a.rate / b.rate).toFixed(2)}${f ? `, ${(a.rate / f.rate).toFixed(2)} of the floor` : ''}) p99 ${a.p99} ms, non-2xx ${a.non2xx}; ` +
          `CPU us/request app: ${describeCpu(a.cpu)}; ${f ? `floor: ${describeCpu(f.cpu)}; ` : ''}baseline: ${describeCpu(b.cpu)}\n`,
      );
    }
    await server.stop();
    await floor?.stop();
    await database.drop();
    await floorSetup?.database.drop();
    const ratio = app.rate / base.rate;
    const goal = kind === 'sqlite' ? 0.5 : undefined;
    const benchmark = 'POST /v1/requests (50 conn)';
    rows.push({
      benchmark,
      database: kind,
      measure: 'requests/s',
      value: app.rate.toFixed(0),
      baseline: `${base.rate.toFixed(0)} (bare Fastify)`,
      ratio,
      target: goal ? `ratio >= ${goal}` : 'reported',
      met: goal ? ratio >= goal : undefined,
    });
    if (floor) {
      rows.push({
        benchmark,
        database: kind,
        measure: 'requests/s against the durable floor',
        value: app.rate.toFixed(0),
        baseline: `${durableFloor.rate.toFixed(0)} (floor-server.ts; ${(durableFloor.rate / base.rate).toFixed(2)} of bare Fastify)`,
        ratio: app.rate / durableFloor.rate,
        target: 'reported',
      });
    }
    rows.push({
      benchmark,
      database: kind,
      measure: 'p99 latency, non-2xx',
      value: `${app.p99} ms, ${app.non2xx}`,
      target: kind === 'sqlite' ? 'p99 <= 25 ms, 0 non-2xx' : 'reported',
      met: kind === 'sqlite' ? app.p99 <= 25 && app.non2xx === 0 : undefined,
    });
    rows.push({
      benchmark,
      database: kind,
      measure: `CPU µs per request${kind === 'postgres' ? ' (PostgreSQL server not counted)' : ''}`,
      value: describeCpu(app.cpu),
      baseline: describeCpu(base.cpu),
    });
  }
  await baseline.stop();
  return rows;
}
