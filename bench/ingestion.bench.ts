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

async function startBaseline() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline-server.ts'], { env: { ...process.env, PORT: String(port) }, stdio: 'inherit' });
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

export default async function ingestion(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const baseline = await startBaseline();
  for (const kind of await benchDatabases()) {
    const database = await freshDatabase(kind);
    const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn' };
    const company = JSON.parse(await runCli(['company', 'create', '--name', 'Bench', '--subdomain', 'bench', '--brand', 'blancapeak', '--brand', 'blancakids', '--json'], env));
    await runCli(['employee', 'add', '--company', 'bench', '--email', 'samantha@blancapeak.com', '--custom-id', '6598260', '--first-name', 'Samantha', '--json'], env);
    const server = await startServer(env);
    const serverPid = server.process.pid!;
    const app = { rate: 0, p99: 0, non2xx: 0, cpu: noCpu() };
    const base = { rate: 0, cpu: noCpu() };
    await load(baseline.url, 'none', baseline.pid, WARMUP_SECONDS);
    await load(server.url, company.api_key, serverPid, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      const b = await load(baseline.url, 'none', baseline.pid);
      const a = await load(server.url, company.api_key, serverPid);
      base.rate += b.rate / ROUNDS;
      app.rate += a.rate / ROUNDS;
      app.p99 = Math.max(app.p99, a.p99);
      app.non2xx += a.non2xx;
      addCpu(base.cpu, b.cpu);
      addCpu(app.cpu, a.cpu);
      process.stderr.write(
        `${kind} round ${round + 1}: baseline ${b.rate.toFixed(0)}/s, app ${a.rate.toFixed(0)}/s (ratio ${(a.rate / b.rate).toFixed(2)}) p99 ${a.p99} ms, non-2xx ${a.non2xx}; ` +
          `CPU us/request app: ${describeCpu(a.cpu)}; baseline: ${describeCpu(b.cpu)}\n`,
      );
    }
    await server.stop();
    await database.drop();
    const ratio = app.rate / base.rate;
    const target = kind === 'sqlite' ? 0.5 : undefined;
    rows.push({
      benchmark: 'POST /v1/requests (50 conn)',
      database: kind,
      measure: 'requests/s',
      value: app.rate.toFixed(0),
      baseline: `${base.rate.toFixed(0)} (bare Fastify)`,
      ratio,
      target: target ? `ratio >= ${target}` : 'reported',
      met: target ? ratio >= target : undefined,
    });
    rows.push({
      benchmark: 'POST /v1/requests (50 conn)',
      database: kind,
      measure: 'p99 latency, non-2xx',
      value: `${app.p99} ms, ${app.non2xx}`,
      target: kind === 'sqlite' ? 'p99 <= 25 ms, 0 non-2xx' : 'reported',
      met: kind === 'sqlite' ? app.p99 <= 25 && app.non2xx === 0 : undefined,
    });
    rows.push({
      benchmark: 'POST /v1/requests (50 conn)',
      database: kind,
      measure: `CPU µs per request${kind === 'postgres' ? ' (PostgreSQL server not counted)' : ''}`,
      value: describeCpu(app.cpu),
      baseline: describeCpu(base.cpu),
    });
  }
  await baseline.stop();
  return rows;
}
