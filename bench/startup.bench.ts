// Start-up: the compiled CLI (`bin/agent-connect.js`, running dist/) against the same sources run
// through tsx (`tsx-cli.mjs`, what bin/agent-connect.js did before there was a build), measured
// alternately in this run: `--help`, a command that opens the database (`company list`), `serve`
// until /healthz answers on an empty DATA_DIR, and the server's RSS (the whole process, writer
// thread included) 2 s after that and at rest (BENCH_REST_SECONDS, 30 s, after it answered).
// Medians of BENCH_STARTUP_RUNS (5) runs of each.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distProblem } from '../scripts/dist-status.mjs';
import type { BenchRow } from './support.ts';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const REST_SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 30);

type Variant = 'compiled' | 'tsx';
/** The node arguments that run the CLI each way. */
const CLI: Record<Variant, string[]> = {
  compiled: ['bin/agent-connect.js'],
  tsx: ['bench/tsx-cli.mjs'],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

function emptyDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-startup-'));
}

/** Seconds from spawning `node <variant> ...args` to its exit; fails unless it exits 0 having written nothing to stderr. */
async function timeCommand(variant: Variant, args: string[], dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...CLI[variant], ...args], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || stderr !== '') throw new Error(`${variant} agent-connect ${args.join(' ')} exited with ${code}: ${stderr}`);
  return seconds;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** Starts `serve` on an empty DATA_DIR: seconds until /healthz answers 200, RSS 2 s later (and at rest, when asked). */
async function timeServe(variant: Variant, rest: boolean): Promise<{ seconds: number; rss: number; restRss?: number }> {
  const dataDir = emptyDataDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const started = performance.now();
  const child = spawn(process.execPath, [...CLI[variant], 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DEMO: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let seconds = 0;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant} serve exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
          seconds = (performance.now() - started) / 1000;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(5);
      if (performance.now() - started > 60_000) throw new Error(`${variant} serve did not answer /healthz within 60 s`);
    }
    await sleep(2_000);
    const rss = rssMb(child.pid!);
    if (!rest) return { seconds, rss };
    await sleep(REST_SECONDS * 1000 - 2_000);
    return { seconds, rss, restRss: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function row(benchmark: string, measure: string, unit: string, compiled: number, tsx: number, target: number, digits: number): BenchRow {
  return {
    benchmark,
    database: benchmark.includes('serve') || benchmark.includes('company') ? 'sqlite' : '-',
    measure,
    value: `${compiled.toFixed(digits)} ${unit}`,
    baseline: `${tsx.toFixed(digits)} ${unit} (the sources through tsx)`,
    ratio: compiled / tsx,
    target: Number.isFinite(target) ? `< ${target} ${unit}` : 'reported',
    met: Number.isFinite(target) ? compiled < target : undefined,
  };
}

export default async function startupBench(): Promise<BenchRow[]> {
  // bench/run.ts has built dist/ if it was stale; without it every compiled run would go through tsx.
  const problem = distProblem(process.cwd());
  if (problem !== null) throw new Error(`${problem}: run \`npm run build\``);
  const variants: Variant[] = ['compiled', 'tsx'];
  const help: Record<Variant, number[]> = { compiled: [], tsx: [] };
  const command: Record<Variant, number[]> = { compiled: [], tsx: [] };
  const serve: Record<Variant, number[]> = { compiled: [], tsx: [] };
  const rss: Record<Variant, number[]> = { compiled: [], tsx: [] };
  // One untimed run of each first: the tsx cache and the operating system's file cache are warm for both.
  for (const variant of variants) await timeCommand(variant, ['--help'], os.tmpdir());
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so that neither always runs right after the other's load.
    for (const variant of run % 2 === 0 ? variants : [...variants].reverse()) {
      help[variant].push(await timeCommand(variant, ['--help'], os.tmpdir()));
      const dataDir = emptyDataDir();
      command[variant].push(await timeCommand(variant, ['company', 'list'], dataDir));
      fs.rmSync(dataDir, { recursive: true, force: true });
      const started = await timeServe(variant, false);
      serve[variant].push(started.seconds);
      rss[variant].push(started.rss);
      process.stderr.write(
        `${variant} run ${run + 1}: --help ${help[variant].at(-1)!.toFixed(2)} s, company list ${command[variant].at(-1)!.toFixed(2)} s, ` +
          `serve to /healthz ${started.seconds.toFixed(2)} s, RSS ${started.rss.toFixed(0)} MB\n`,
      );
    }
  }
  // At rest: one server of each, side by side (idle, so they do not slow each other).
  process.stderr.write(`RSS at rest: both servers idle for ${REST_SECONDS} s\n`);
  const [compiledRest, tsxRest] = await Promise.all([timeServe('compiled', true), timeServe('tsx', true)]);
  return [
    row('agent-connect --help', `wall time, median of ${RUNS}`, 's', median(help.compiled), median(help.tsx), 0.3, 2),
    row('agent-connect company list (empty DATA_DIR)', `wall time, median of ${RUNS}`, 's', median(command.compiled), median(command.tsx), Infinity, 2),
    row('agent-connect serve (empty DATA_DIR)', `until GET /healthz answers 200, median of ${RUNS}`, 's', median(serve.compiled), median(serve.tsx), 1, 2),
    row('agent-connect serve (empty DATA_DIR)', `RSS 2 s after /healthz answered, median of ${RUNS}`, 'MB', median(rss.compiled), median(rss.tsx), 150, 0),
    row('agent-connect serve (empty DATA_DIR)', `RSS at rest (${REST_SECONDS} s after /healthz answered)`, 'MB', compiledRest.restRss!, tsxRest.restRss!, 150, 0),
  ];
}
