#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs through `prepare`).
// When dist/ is missing or older than a source file, it runs the TypeScript sources through tsx
// instead, and says so on stderr: a checkout keeps working, only slower to start.
import { fileURLToPath } from 'node:url';
import { distProblem } from '../scripts/dist-status.mjs';

const problem = distProblem(fileURLToPath(new URL('..', import.meta.url)));
if (problem === null) {
  await import('../dist/cli/index.js');
} else {
  process.stderr.write(`agent-connect: ${problem} (run \`npm run build\`); running the TypeScript sources through tsx, which starts slower\n`);
  const tsx = await import('tsx/esm/api');
  tsx.register();
  await import('../src/cli/index.ts');
}
