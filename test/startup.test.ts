import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { startServerProcess } from './helpers/server-process.ts';
import { distProblem } from '../scripts/dist-status.mjs';

// bin/agent-connect.js runs the compiled JavaScript in dist/ (built by `npm ci` through `prepare`),
// and the TypeScript sources through tsx, with a note on stderr, only when dist/ is missing or stale.
const exec = promisify(execFile);
const root = process.cwd();
const recorder = path.join(root, 'test', 'fixtures', 'record-modules.mjs');

/** The ES modules a process loaded (test/fixtures/record-modules.mjs), as paths. */
function loadedModules(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((url) => url.startsWith('file:')).map((url) => new URL(url).pathname);
}

function assertRanCompiled(modules: string[], entry: string): void {
  assert.ok(modules.includes(path.join(root, 'dist', entry)), `dist/${entry} was not loaded:\n${modules.join('\n')}`);
  assert.deepEqual(modules.filter((file) => file.endsWith('.ts') || file.includes('/node_modules/tsx/')), [], 'TypeScript or tsx was loaded');
}

let scratch: string;
before(() => {
  // dist/ is current when the tests run through scripts/run-tests.mjs; build it when run alone.
  if (distProblem(root) !== null) assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status, 0, 'build failed');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-startup-'));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('the compiled CLI', () => {
  it('answers --help from dist/, without tsx, and says nothing on stderr', async () => {
    const record = path.join(scratch, 'help.txt');
    const { stdout, stderr } = await exec(process.execPath, ['--import', recorder, 'bin/agent-connect.js', '--help'], { env: { ...process.env, RECORD_MODULES_TO: record } });
    assert.match(stdout, /^Usage: agent-connect/);
    assert.equal(stderr, '');
    const modules = loadedModules(record);
    assertRanCompiled(modules, 'cli/index.js');
    // Commands load the server and the database layer when they run, not to print help.
    const heavy = modules.filter((file) => /\/node_modules\/(fastify|kysely|better-sqlite3|pg|ajv)\//.test(file) || file.endsWith('/dist/server.js'));
    assert.deepEqual(heavy, []);
  });

  describe('serve', () => {
    let database: TestDatabase;
    before(async () => (database = await createTestDatabase()));
    after(() => database.drop());

    it('answers /healthz and stores a feedback request from dist/, without tsx', async () => {
      const record = path.join(scratch, 'serve.txt');
      const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'info' };
      const cli = (...args: string[]) => exec(process.execPath, ['bin/agent-connect.js', ...args], { env: { ...process.env, ...env } });
      const company = JSON.parse((await cli('company', 'create', '--name', 'Startup', '--subdomain', 'startup', '--json')).stdout) as { api_key: string };
      await cli('employee', 'add', '--company', 'startup', '--email', 'kim@example.com');
      const server = await startServerProcess({ ...env, OUTBOX_WORKER: 'false', RECORD_MODULES_TO: record, NODE_OPTIONS: `--import=${recorder}` });
      try {
        const health = await fetch(`${server.url}/healthz`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok' });
        // On SQLite this goes through the writer thread, whose entry must find its compiled module in dist/.
        const request = await fetch(`${server.url}/v1/requests`, {
          method: 'POST',
          headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' },
          body: JSON.stringify({ employee: { email: 'kim@example.com' }, customer: { email: 'sam@example.com', name: 'Sam' }, brand: 'startup', channel: 'chat', language: 'en', do_not_send: true }),
        });
        assert.equal(request.status, 200, await request.clone().text());
        assert.match(((await request.json()) as { request_id: string }).request_id, /^[0-9a-f-]{36}$/);
      } finally {
        await server.stop();
      }
      assert.doesNotMatch(server.output(), /running the TypeScript sources/);
      assertRanCompiled(loadedModules(record), 'server.js');
    });
  });
});

describe('without a current dist/', () => {
  /** A copy of the package whose dist/ can be removed or made stale without touching the checkout's. */
  let copy: string;
  before(() => {
    copy = path.join(scratch, 'package');
    for (const dir of ['bin', 'scripts', 'src']) fs.cpSync(path.join(root, dir), path.join(copy, dir), { recursive: true, preserveTimestamps: true });
    fs.copyFileSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    fs.symlinkSync(path.join(root, 'packages'), path.join(copy, 'packages'));
  });

  const help = () => exec(process.execPath, [path.join(copy, 'bin', 'agent-connect.js'), '--help']);
  const note = (problem: string) =>
    `agent-connect: ${problem} (run \`npm run build\`); running the TypeScript sources through tsx, which starts slower\n`;

  it('runs the sources through tsx, with a one-line note, when dist/ is missing', async () => {
    const { stdout, stderr } = await help();
    assert.match(stdout, /^Usage: agent-connect/);
    assert.equal(stderr, note('dist/ is missing'));
  });

  it('does the same when a source file is newer than the build, and runs dist/ again once it is not', async () => {
    fs.symlinkSync(path.join(root, 'dist'), path.join(copy, 'dist'));
    const changed = path.join(copy, 'src', 'config.ts');
    const later = new Date(fs.statSync(path.join(root, 'dist', '.build-stamp')).mtimeMs + 60_000);
    fs.utimesSync(changed, later, later);
    const stale = await help();
    assert.match(stale.stdout, /^Usage: agent-connect/);
    assert.equal(stale.stderr, note(`dist/ is older than ${path.join('src', 'config.ts')}`));

    const earlier = new Date(fs.statSync(path.join(root, 'dist', '.build-stamp')).mtimeMs - 60_000);
    fs.utimesSync(changed, earlier, earlier);
    const current = await help();
    assert.match(current.stdout, /^Usage: agent-connect/);
    assert.equal(current.stderr, '');
  });
});
