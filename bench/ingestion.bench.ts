// POST /v1/requests against a bare-Fastify baseline, alternated, on each database.
import { spawn } from 'node:child_process';
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

async function load(url: string, apiKey: string, duration = SECONDS) {
  const result = await autocannon({
    url: `${url}/v1/requests`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body,
  });
  return { rate: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors + result.timeouts };
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
  return { url, stop: () => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')) };
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
    const app = { rate: 0, p99: 0, non2xx: 0 };
    const base = { rate: 0, p99: 0, non2xx: 0 };
    await load(baseline.url, 'none', WARMUP_SECONDS);
    await load(server.url, company.api_key, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      const b = await load(baseline.url, 'none');
      const a = await load(server.url, company.api_key);
      base.rate += b.rate / ROUNDS;
      app.rate += a.rate / ROUNDS;
      app.p99 = Math.max(app.p99, a.p99);
      app.non2xx += a.non2xx;
      process.stderr.write(`${kind} round ${round + 1}: baseline ${b.rate.toFixed(0)}/s, app ${a.rate.toFixed(0)}/s (ratio ${(a.rate / b.rate).toFixed(2)}) p99 ${a.p99} ms, non-2xx ${a.non2xx}\n`);
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
  }
  await baseline.stop();
  return rows;
}
