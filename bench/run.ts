// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints one table.
// The servers and CLI commands run bin/agent-connect.js, so dist/ is built first if a source changed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './support.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

if (spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`\n## ${file}\n`);
  const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<BenchRow[]> };
  rows.push(...(await bench.default()));
}

const header = ['benchmark', 'database', 'measure', 'value', 'baseline', 'ratio', 'target', 'met'];
const table = rows.map((row) => [
  row.benchmark,
  row.database,
  row.measure,
  row.value,
  row.baseline ?? '',
  row.ratio === undefined ? '' : row.ratio.toFixed(2),
  row.target ?? '',
  row.met === undefined ? '' : row.met ? 'yes' : 'NO',
]);
const lines = [header, header.map(() => '---'), ...table].map((cells) => `| ${cells.join(' | ')} |`);
process.stdout.write(`\n${lines.join('\n')}\n\nmeasured ${new Date().toISOString()} on ${process.platform}/${process.arch}, node ${process.version}\n`);
