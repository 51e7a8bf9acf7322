// `npm run build` (also run by `npm ci` and `npm install`, through `prepare`): compiles src/ to
// dist/, copies the non-TypeScript files the code loads at run time, and stamps dist/ with the time the build started (bin/agent-connect.js
// runs dist/ only when no source file is newer). Type errors do not stop the build (`npm run
// typecheck` reports them). Without TypeScript installed (`npm ci --omit=dev`) it builds nothing
// and says so: bin/agent-connect.js then runs the sources through tsx.
// Then it builds the web app (web/ -> web/dist, with Vite; scripts/web-build.mjs). Without Vite
// installed it says so and goes on: the server then answers the app's pages with 503 "not built".
// A failed web build fails the command.
// `--if-stale`: builds each only when it is missing or older than one of its sources (the test runner).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distProblem, STAMP } from './dist-status.mjs';
import { buildWeb, webDistProblem } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ifStale = process.argv.includes('--if-stale');

buildServer();
const webProblem = ifStale ? webDistProblem(root) : 'requested';
if (webProblem !== null) {
  if (ifStale) process.stderr.write(`build: ${webProblem}; building\n`);
  const web = buildWeb(root, { say: (line) => process.stderr.write(`build: ${line}\n`) });
  process.stderr.write(`build: ${web.message}\n`);
  if (!web.built && !web.viteMissing) process.exit(1);
}

function buildServer() {
  const startedAt = new Date();
  if (ifStale) {
    const problem = distProblem(root);
    if (problem === null) return;
    process.stderr.write(`build: ${problem}; building\n`);
  }

  let tsc;
  try {
    tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('build: TypeScript is not installed (dev dependencies omitted?); not compiling, agent-connect will run the sources through tsx\n');
    return;
  }

  // The workspace client (packages/client) builds itself through its own `prepare`.
  const projects = [{ config: 'tsconfig.build.json', out: 'dist', assets: 'src' }];
  for (const project of projects) {
    fs.rmSync(path.join(root, project.out), { recursive: true, force: true });
    const result = spawnSync(process.execPath, [tsc, '-p', project.config, '--noCheck'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
    if (project.assets) copyAssets(path.join(root, project.assets), path.join(root, project.out));
  }
  const stamp = path.join(root, STAMP);
  fs.writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  fs.utimesSync(stamp, startedAt, startedAt);
}

/** Copies the files under `from` that the code reads or runs at run time but tsc does not emit (worker entry points). */
function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.mjs')) continue;
    const source = path.join(entry.parentPath ?? entry.path, entry.name);
    const target = path.join(to, path.relative(from, source));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}
