// Whether dist/ (the compiled CLI and server, built by scripts/build.mjs) can be run: it exists and no
// source file it is built from is newer than the build. Used by bin/agent-connect.js, the build
// (`--if-stale`) and the test runner.
import fs from 'node:fs';
import path from 'node:path';

/** The file whose modification time is the time the last build started. */
export const STAMP = path.join('dist', '.build-stamp');
/** Directories whose files the build compiles or copies. */
const SOURCES = ['src'];

/** Files the build compiles or copies (tests and notes are not built). */
const isBuilt = (name) => (name.endsWith('.ts') && !name.endsWith('.test.ts')) || name.endsWith('.mjs');

/** Why dist/ under `root` cannot be run (missing, or older than the first source file found newer), or null when it is current. */
export function distProblem(root) {
  let builtAt;
  try {
    builtAt = fs.statSync(path.join(root, STAMP)).mtimeMs;
  } catch {
    return 'dist/ is missing';
  }
  for (const dir of SOURCES.map((source) => path.join(root, source)).filter((dir) => fs.existsSync(dir))) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !isBuilt(entry.name)) continue;
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      if (fs.statSync(file).mtimeMs > builtAt) return `dist/ is older than ${path.relative(root, file)}`;
    }
  }
  return null;
}
