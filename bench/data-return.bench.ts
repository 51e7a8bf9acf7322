// Data return: page latency and streamed-export throughput over seed-demo data, server in a child process.
import fs from 'node:fs';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { openDatabase } from '../src/db/database.ts';
import { cliExportVsRaw, rawStreamedRead } from './cli-export.ts';
import { concurrentExports } from './concurrent-exports.ts';
import { benchDatabases, freshDatabase, runCli, startServer, type BenchRow } from './support.ts';

/** Interactions seeded per database (BENCH_DATA_ROWS, BENCH_DATA_PG_ROWS override). */
const ROWS = { sqlite: Number(process.env.BENCH_DATA_ROWS ?? 1_000_000), postgres: Number(process.env.BENCH_DATA_PG_ROWS ?? 200_000) };
/** Baseline and export alternate this many times; speeds are averaged over the rounds. */
const EXPORT_ROUNDS = Number(process.env.BENCH_EXPORT_ROUNDS ?? 3);

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

async function token(secret: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(secret));
}

/**
 * The export without HTTP: the same rows read straight from the database in sequence order, 1,000
 * interactions at a time, and JSON-serialised in a loop. With `answers`, each chunk's answers too,
 * as the export reads them (they are about half of what it sends); without, the interactions alone.
 */
async function baselineExport(url: string, companyId: number, answers: boolean): Promise<{ rows: number; seconds: number }> {
  const db = openDatabase(url);
  const started = performance.now();
  let rows = 0;
  let after = 0;
  let bytes = 0;
  let answerRows = 0;
  try {
    for (;;) {
      const chunk = await db.kysely
        .selectFrom('interactions')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('is_test', '=', 0)
        .where('sequence_id', '>', after)
        .orderBy('sequence_id')
        .limit(1000)
        .execute();
      if (chunk.length === 0) break;
      for (const row of chunk) bytes += JSON.stringify(row).length;
      if (answers) {
        const ids = chunk.map((row) => row.id);
        const chunkAnswers = await db.kysely.selectFrom('answers').selectAll().where('company_id', '=', companyId).where('interaction_id', 'in', ids).execute();
        for (const row of chunkAnswers) bytes += JSON.stringify(row).length;
        answerRows += chunkAnswers.length;
      }
      rows += chunk.length;
      after = chunk[chunk.length - 1].sequence_id;
    }
  } finally {
    await db.close();
  }
  if (bytes === 0) throw new Error('baseline read nothing');
  if (answers && answerRows === 0) throw new Error('baseline read no answers (the demo data should have them)');
  return { rows, seconds: (performance.now() - started) / 1000 };
}

/** Rows and seconds summed over rounds. */
class Speed {
  rows = 0;
  seconds = 0;

  add(run: { rows: number; seconds: number }): number {
    this.rows += run.rows;
    this.seconds += run.seconds;
    return run.rows / run.seconds;
  }

  get perSecond(): number {
    return this.rows / this.seconds;
  }
}

/**
 * Rounds of the two baselines and the streamed export, alternated so all see the same machine,
 * and the server's peak RSS over all rounds against its RSS before the first.
 */
async function exportRounds(url: string, companyId: number, base: string, headers: Record<string, string>, pid: number, kind: string) {
  const rssBefore = rssBytes(pid);
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
  const speeds = { withAnswers: new Speed(), interactionsOnly: new Speed(), exported: new Speed() };
  let bytes = 0;
  try {
    for (let round = 1; round <= EXPORT_ROUNDS; round++) {
      const withAnswers = await baselineExport(url, companyId, true);
      const interactionsOnly = await baselineExport(url, companyId, false);
      const exported = await rawStreamedRead(base, headers);
      if (exported.rows !== withAnswers.rows) throw new Error(`export returned ${exported.rows} rows, the database holds ${withAnswers.rows}`);
      bytes = exported.bytes;
      const speed = speeds.exported.add(exported);
      const withAnswersSpeed = speeds.withAnswers.add(withAnswers);
      const interactionsOnlySpeed = speeds.interactionsOnly.add(interactionsOnly);
      process.stderr.write(
        `${kind} export round ${round}: ${Math.round(speed)} rows/s; baselines ${Math.round(withAnswersSpeed)} (with answers, ratio ${(speed / withAnswersSpeed).toFixed(2)}) ` +
          `and ${Math.round(interactionsOnlySpeed)} (interactions only, ratio ${(speed / interactionsOnlySpeed).toFixed(2)}); RSS +${((peak - rssBefore) / 1048576).toFixed(1)} MB so far\n`,
      );
    }
  } finally {
    clearInterval(sampler);
  }
  return { ...speeds, bytes, rssGrowth: peak - rssBefore };
}

export default async function dataReturnBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of await benchDatabases()) {
    const count = ROWS[kind];
    const database = await freshDatabase(kind);
    const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' };
    try {
      const company = JSON.parse(await runCli(['company', 'create', '--name', 'Bench', '--subdomain', 'bench', '--json'], env));
      process.stderr.write(`${kind}: seeding ${count} interactions...\n`);
      const seeded = JSON.parse(await runCli(['seed-demo', '--company', 'bench', '--interactions', String(count), '--json'], env));
      rows.push({ benchmark: 'seed-demo', database: kind, measure: `${count.toLocaleString('en')} interactions, ${seeded.answers.toLocaleString('en')} answers`, value: `${seeded.seconds.toFixed(1)} s`, target: kind === 'sqlite' && count >= 1_000_000 ? '< 60 s' : undefined, met: kind === 'sqlite' && count >= 1_000_000 ? seeded.seconds < 60 : undefined });

      const db = openDatabase(database.url);
      const middle = await db.kysely.selectFrom('interactions').select('sequence_id').where('company_id', '=', company.id).orderBy('sequence_id').offset(Math.floor(count / 2)).limit(1).executeTakeFirstOrThrow();
      await db.close();

      const server = await startServer(env);
      try {
        const headers = { 'x-api-key': company.api_key, authorization: await token(company.api_secret) };
        const url = `${server.url}/v2/data?limit=1000&after=${middle.sequence_id}`;
        const check = await fetch(url, { headers });
        if (!check.ok || (await check.json()).length !== 1000) throw new Error(`page check failed: ${check.status}`);
        const result = await autocannon({ url, headers, connections: 1, amount: 200 });
        rows.push({ benchmark: 'GET /v2/data?limit=1000&after=<middle>', database: kind, measure: 'latency p50', value: `${result.latency.p50} ms`, target: kind === 'sqlite' ? '<= 50 ms' : undefined, met: kind === 'sqlite' ? result.latency.p50 <= 50 : undefined });
        rows.push({ benchmark: 'GET /v2/data?limit=1000&after=<middle>', database: kind, measure: 'latency p99', value: `${result.latency.p99} ms` });

        const exported = await exportRounds(database.url, company.id, server.url, headers, server.process.pid!, kind);
        const speed = exported.exported.perSecond;
        const withAnswers = exported.withAnswers.perSecond;
        const interactionsOnly = exported.interactionsOnly.perSecond;
        const perRound = `${(exported.bytes / 1048576).toFixed(0)} MB per export, ${EXPORT_ROUNDS} rounds`;
        const benchmark = 'streamed export (stream=true, all rows)';
        rows.push({ benchmark, database: kind, measure: 'rows/s', value: Math.round(speed).toLocaleString('en'), baseline: `${Math.round(withAnswers).toLocaleString('en')} (interactions and their answers: DB read + JSON.stringify, no HTTP)`, ratio: speed / withAnswers, target: '>= 0.5', met: speed / withAnswers >= 0.5 });
        rows.push({ benchmark, database: kind, measure: 'rows/s against the interactions alone', value: Math.round(speed).toLocaleString('en'), baseline: `${Math.round(interactionsOnly).toLocaleString('en')} (interactions only, as measured before 2026-12-03)`, ratio: speed / interactionsOnly, target: 'reported' });
        rows.push({ benchmark, database: kind, measure: 'server peak RSS growth', value: `${(exported.rssGrowth / 1048576).toFixed(1)} MB (${perRound})`, target: '<= 100 MB', met: exported.rssGrowth <= 100 * 1048576 });
        rows.push(...(await cliExportVsRaw(kind, server.url, headers, company, database.dataDir)));
        rows.push(...(await concurrentExports(kind, server.url, headers, company.test_api_key, count)));
      } finally {
        await server.stop();
      }
    } finally {
      await database.drop();
    }
  }
  return rows;
}
