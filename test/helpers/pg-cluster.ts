import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL server of its own for a fault test, which may stop it, crash it and kill its backends. */
export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** pg_terminate_backend() on every other connection to `database`; returns how many were ended. */
  terminateBackends(database: string): Promise<number>;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash. */
  crash(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<version>/bin); throws when there is none. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = versions.map((version) => path.join(root, version, 'bin')).find((candidate) => fs.existsSync(path.join(candidate, 'initdb')));
  if (!dir) throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found under ${root}: install postgresql to run this test`);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb a cluster in a temporary directory and start it on a free loopback port (trust
 * authentication, fsync off). PostgreSQL refuses to run as root, so as root (CI) its
 * commands run as the `postgres` user through runuser.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-pg-'));
  if (asRoot) fs.chownSync(dir, Number(spawnSync('id', ['-u', 'postgres']).stdout.toString()), Number(spawnSync('id', ['-g', 'postgres']).stdout.toString()));
  const dataDir = path.join(dir, 'data');
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  const exec = async (tool: string, args: string[]) => {
    const [file, argv] = command(tool, args);
    try {
      await run(file, argv, { cwd: dir, timeout: 60_000 });
    } catch (error) {
      const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed: ${(error as Error).message}\n${log}`);
    }
  };
  const port = await freePort();
  const ctl = (...args: string[]) => exec('pg_ctl', ['-D', dataDir, '-w', '-t', '60', ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  // If the test process dies without its after hook, the server must not outlive it.
  const leftover = () => {
    const [file, argv] = command('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
    spawnSync(file, argv, { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', leftover);

  await exec('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const start = () => ctl('-l', path.join(dir, 'server.log'), '-o', options, 'start');
  await start();

  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> => {
    const client = new pg.Client({ connectionString: url(database) });
    client.on('error', () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    createDatabase: (name) => admin(async (client) => void (await client.query(`CREATE DATABASE ${name}`))),
    terminateBackends: (database) =>
      admin(async (client) => {
        const { rows } = await client.query('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
        return Number(rows[0].ended);
      }),
    crash: () => ctl('-m', 'immediate', 'stop'),
    start,
    destroy: async () => {
      process.removeListener('exit', leftover);
      await ctl('-m', 'immediate', 'stop').catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
