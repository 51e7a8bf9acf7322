// The web app's build (web/ -> web/dist, by Vite): whether it is current, and building it. Used by
// scripts/build.mjs (`npm ci` through `prepare`, `npm run build`), bin/agent-connect.js (`serve`
// builds it first when it is missing or stale) and the test runner (through scripts/build.mjs --if-stale).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

/** What a build reads, relative to the package root: a file under these newer than the build makes it stale. */
export const WEB_INPUTS = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json'];
/** Where the build goes, relative to the package root (the server's default WEB_DIST_DIR). */
export const WEB_DIST = path.join('web', 'dist');
/** Its app shell, whose modification time is when the last build started (Vite writes it last). */
const SHELL = 'index.html';

/** Test files are not part of the bundle: editing one does not make the build stale. */
const isBuildInput = (name) => !/\.test\.tsx?$/.test(name);

/**
 * Why the web build under `root` is not current (web/dist is missing, or older than the first
 * input found newer), or null when it is. A stat walk over WEB_INPUTS, nothing more.
 */
export function webDistProblem(root, distDir = path.join(root, WEB_DIST)) {
  let builtAt;
  try {
    builtAt = fs.statSync(path.join(distDir, SHELL)).mtimeMs;
  } catch {
    return `${path.relative(root, distDir) || distDir} is missing`;
  }
  for (const input of WEB_INPUTS.map((name) => path.join(root, name))) {
    for (const file of filesUnder(input)) {
      if (isBuildInput(path.basename(file)) && fs.statSync(file).mtimeMs > builtAt) {
        return `${path.relative(root, distDir)} is older than ${path.relative(root, file)}`;
      }
    }
  }
  return null;
}

/** `input` itself when it is a file, every file under it when it is a directory (node_modules aside), nothing when absent. */
function filesUnder(input) {
  let stat;
  try {
    stat = fs.statSync(input);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [input];
  return fs
    .readdirSync(input, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => !file.split(path.sep).includes('node_modules'));
}

/** Vite's command-line entry, or null when Vite is not installed (`npm ci --omit=dev`). */
export function viteBin(root) {
  try {
    const manifest = createRequire(path.join(root, 'web', 'package.json')).resolve('vite/package.json');
    return path.join(path.dirname(manifest), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

/**
 * Builds web/ into web/dist with Vite. It builds into a directory of its own and then swaps it in,
 * so a server (or another process building at the same moment) never sees a half-written web/dist,
 * and a failed build leaves the previous one in place. Returns whether it built, whether Vite is
 * missing, and a one-line account (the reason it did not, with Vite's output on failure).
 * @param {string} root the package root
 * @param {{ say?: (line: string) => void }} [options] where to report progress (default stderr)
 */
export function buildWeb(root, options = {}) {
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`));
  const vite = viteBin(root);
  if (vite === null) return { built: false, viteMissing: true, message: 'Vite is not installed (dev dependencies omitted?), so the web app was not built' };
  const web = path.join(root, 'web');
  const dist = path.join(root, WEB_DIST);
  const staging = path.join(web, `.dist-${process.pid}-${Date.now()}`);
  const startedAt = new Date();
  say('building the web app into web/dist with Vite (this takes a few seconds)');
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', staging, '--emptyOutDir', '--logLevel', 'warn'], { cwd: web, encoding: 'utf8' });
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    return { built: false, message: `the web app's build failed (vite build exited with ${result.status ?? result.signal})${output ? `:\n${output}` : ''}` };
  }
  compressAssets(path.join(staging, 'assets'));
  // The shell's modification time is when this build started: a file saved during the build still makes it stale.
  fs.utimesSync(path.join(staging, SHELL), startedAt, startedAt);
  const previous = path.join(web, `.dist-old-${process.pid}-${Date.now()}`);
  try {
    fs.renameSync(dist, previous);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    fs.renameSync(staging, dist);
  } catch (error) {
    // Another process swapped in its build (from the same sources) in between: keep that one.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  fs.rmSync(previous, { recursive: true, force: true });
  return { built: true, message: `built the web app into web/dist in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s` };
}

/** Text assets worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|html|txt|map)$/;

/**
 * Writes a .br (Brotli, quality 7: within 2% of 9 at a sixth of the time) and a .gz (gzip 9) beside
 * each text asset over 1 KB, where smaller: the server sends them to clients that accept them
 * (@fastify/static's preCompressed), with no compression work per request.
 */
function compressAssets(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const content = fs.readFileSync(file);
    if (content.length < 1024) continue;
    const brotli = zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 7, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
    if (brotli.length < content.length) fs.writeFileSync(`${file}.br`, brotli);
    const gzip = zlib.gzipSync(content, { level: 9 });
    if (gzip.length < content.length) fs.writeFileSync(`${file}.gz`, gzip);
  }
}
