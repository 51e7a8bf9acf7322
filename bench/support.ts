import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** One line of the benchmark table. Speeds are reported against a baseline measured in the same run. */
export interface BenchRow {
  benchmark: string;
  database: 'sqlite' | 'postgres' | '-';
  measure: string;
  value: string;
  baseline?: string;
  ratio?: number;
  target?: string;
  met?: boolean;
}

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The databases to measure: SQLite always, PostgreSQL when reachable (BENCH_DATABASES=sqlite to skip). */
export async function benchDatabases(): Promise<('sqlite' | 'postgres')[]> {
  const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
  const result: ('sqlite' | 'postgres')[] = wanted.includes('sqlite') ? ['sqlite'] : [];
  if (wanted.includes('postgres')) {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await client.connect();
      result.push('postgres');
    } catch {
      process.stderr.write('PostgreSQL not reachable; measuring SQLite only\n');
    } finally {
      await client.end().catch(() => {});
    }
  }
  return result;
}

/** A fresh database: a temporary SQLite file or a new PostgreSQL schema. */
export async function freshDatabase(kind: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-bench-'));
  if (kind === 'sqlite') {
    return { url: `sqlite:${path.join(dataDir, 'bench.db')}`, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI (`bin/agent-connect.js ...args`) and returns its stdout. */
export async function runCli(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['bin/agent-connect.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`agent-connect ${args.join(' ')} exited with ${code}`);
  return out;
}

/** Starts `agent-connect serve` on a free port and waits until /readyz answers. */
export async function startServer(env: Record<string, string>): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['bin/agent-connect.js', 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO: 'false', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The machine's CPU counters (jiffies since boot, all cores) from /proc/stat. */
function cpuTimes(): { busy: number; steal: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  // user nice system idle iowait irq softirq steal
  return { busy: user + nice + system + irq + softirq, steal, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/**
 * How busy the machine was while something ran (Linux): the load averages at the start and the
 * end, and the share of all cores' time that was busy (this and every other process) or stolen
 * by the hypervisor. `describe()` reads the end.
 */
export function machineLoad(): { describe(): string } {
  const linux = fs.existsSync('/proc/stat');
  const loadavg = () => (linux ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : os.loadavg().map((v) => v.toFixed(2)).join(' '));
  const startLoad = loadavg();
  const start = linux ? cpuTimes() : null;
  return {
    describe() {
      if (!start) return `load ${startLoad} -> ${loadavg()} (${os.cpus().length} cores)`;
      const end = cpuTimes();
      const total = Math.max(1, end.total - start.total);
      const pct = (value: number) => `${((100 * value) / total).toFixed(0)}%`;
      return `load averages ${startLoad} -> ${loadavg()} on ${os.cpus().length} cores; CPU busy ${pct(end.busy - start.busy)}, steal ${pct(end.steal - start.steal)}`;
    },
  };
}
