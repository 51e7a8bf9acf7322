// Builds dist/ and web/dist if a source changed (the CLI tests run bin/agent-connect.js, which runs
// dist/; the server and browser tests load the built web app), then runs every test file under
// test/, src/ and web/ (*.test.ts and *.test.tsx, node_modules and builds aside) with node:test
// (through tsx, the workspace client from its sources too), a few files at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist'].includes(entry.name) || entry.name.startsWith('.') ? [] : find(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const filter = process.argv.slice(2);
const files = ['test', 'src', 'web']
  .flatMap((dir) => find(dir))
  .filter((file) => filter.length === 0 || filter.some((f) => file.includes(f)))
  .sort();
// The CLI tests run bin/agent-connect.js, which runs dist/, and the browser tests load web/dist:
// build them first if a source changed (a failed web build stops the run).
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
