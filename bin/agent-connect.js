#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs through `prepare`).
// When dist/ is missing or older than a source file, it runs the TypeScript sources through tsx
// instead, and says so on stderr: a checkout keeps working, only slower to start.
// `serve` (but not `serve --role worker`) first builds the web app when web/dist is missing or older
// than a file it is built from (a stat walk when nothing changed; a few seconds of Vite otherwise).
// A build that cannot run (Vite not installed) or fails is reported, and the server starts anyway.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distProblem } from '../scripts/dist-status.mjs';
import { buildWeb, WEB_DIST, webDistProblem } from '../scripts/web-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (servesTheWebApp(process.argv.slice(2))) {
  const stale = webDistProblem(root);
  if (stale !== null) {
    process.stderr.write(`agent-connect: ${stale}\n`);
    const web = buildWeb(root, { say: (line) => process.stderr.write(`agent-connect: ${line}\n`) });
    const previous = existsSync(path.join(root, WEB_DIST, 'index.html'));
    const consequence = web.built ? '' : previous ? '; serving the previous build' : "; the web app's pages answer 503 until it is built (`npm run build`)";
    process.stderr.write(`agent-connect: ${web.message}${consequence}\n`);
  }
}

const problem = distProblem(root);
if (problem === null) {
  await import('../dist/cli/index.js');
} else {
  process.stderr.write(`agent-connect: ${problem} (run \`npm run build\`); running the TypeScript sources through tsx, which starts slower\n`);
  const tsx = await import('tsx/esm/api');
  tsx.register();
  await import('../src/cli/index.ts');
}

/** `serve` in a role that serves HTTP pages (all, the default, or api). */
function servesTheWebApp(args) {
  if (args[0] !== 'serve') return false;
  const role = args.find((arg, i) => args[i - 1] === '--role') ?? args.find((arg) => arg.startsWith('--role='))?.slice('--role='.length);
  return role !== 'worker';
}
