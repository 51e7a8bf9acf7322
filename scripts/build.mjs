// `npm run build` (also run by `npm ci` and `npm install`, through `prepare`): compiles src/ to
// dist/, copies the non-TypeScript files the code loads at run time, and stamps dist/ with the time the build started (bin/agent-connect.js
// runs dist/ only when no source file is newer). Type errors do not stop the build (`npm run
// typecheck` reports them). Without TypeScript installed (`npm ci --omit=dev`) it builds nothing
// and says so: bin/agent-connect.js then runs the sources through tsx.
// `--if-stale`: builds only when dist/ is missing or older than a source file (the test runner).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distProblem, STAMP } from './dist-status.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const startedAt = new Date();

if (process.argv.includes('--if-stale')) {
  const problem = distProblem(root);
  if (problem === null) process.exit(0);
  process.stderr.write(`build: ${problem}; building\n`);
}

let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('build: TypeScript is not installed (dev dependencies omitted?); not compiling, agent-connect will run the sources through tsx\n');
  process.exit(0);
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
