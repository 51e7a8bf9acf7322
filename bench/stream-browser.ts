// The web app's side of the Stream benchmark: its initial JavaScript (gzip) and, in Chromium, the
// time from navigation start to the first card on a loaded server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { BenchRow } from './support.ts';

const WEB = path.resolve('web');
const DIST = path.join(WEB, 'dist');
/**
 * A response card: role article with an accessible name (its customer's name, by aria-labelledby);
 * the loading skeletons are neither. BENCH_CARD_SELECTOR to change.
 */
const CARD_SELECTOR = process.env.BENCH_CARD_SELECTOR ?? 'article[aria-labelledby], [role="article"][aria-labelledby]';
/** Records in window.__firstCard the time (performance.now(): since navigation start) the first card enters the DOM. */
const FIRST_CARD_RECORDER = `(() => {
  const selector = SELECTOR;
  const check = () => {
    if (window.__firstCard === undefined && document.querySelector(selector)) window.__firstCard = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;
const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS ?? 5);
const INITIAL_JS_TARGET = 200_000;

function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds web/dist with Vite when it is missing or older than the app's sources. */
function ensureBuilt(): void {
  const index = path.join(DIST, 'index.html');
  const sources = Math.max(newestFile(path.join(WEB, 'src')), fs.statSync(path.join(WEB, 'index.html')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  process.stderr.write('building web/dist (vite build)...\n');
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');
}

/** The JavaScript files index.html loads at once: module scripts and modulepreload links. */
function entryFiles(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attribute = (name: string) => new RegExp(`\\s${name}=["']([^"']+)["']`).exec(tag)?.[1];
    if (tag.startsWith('<script') && attribute('src')) urls.push(attribute('src')!);
    if (tag.startsWith('<link') && attribute('rel') === 'modulepreload' && attribute('href')) urls.push(attribute('href')!);
  }
  return urls.map((url) => {
    const relative = new URL(url, 'http://app/').pathname.replace(/^\//, '');
    const direct = path.join(DIST, relative);
    // Under a Vite `base` (e.g. /app/), the file is the same path less that prefix.
    return fs.existsSync(direct) ? direct : path.join(DIST, relative.split('/').slice(1).join('/'));
  });
}

/** gzip -9 size of the initial JavaScript of web/dist/index.html. */
export function initialJavaScript(): BenchRow[] {
  const benchmark = 'web app initial JavaScript (web/dist/index.html: module scripts + modulepreload)';
  ensureBuilt();
  const files = entryFiles(fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'));
  if (files.length === 0) throw new Error('web/dist/index.html loads no script');
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  return [{
    benchmark,
    database: '-',
    measure: `gzip -9, ${files.length} file${files.length === 1 ? '' : 's'} (kB = 1,000 bytes)`,
    value: `${kb(gzipped)} (${kb(raw)} before gzip)`,
    target: '<= 200 kB',
    met: gzipped <= INITIAL_JS_TARGET,
  }];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Whether GET / answers the app's HTML shell (with a module script) to a signed-in browser. */
async function appServed(base: string, cookie: string): Promise<string | null> {
  try {
    const response = await fetch(`${base}/`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200) return `GET / answered ${response.status}`;
    if (!/<script[^>]+type=["']module["']/.test(body)) return 'GET / is not the app shell';
    return null;
  } catch (error) {
    return `GET / failed: ${(error as Error).message}`;
  }
}

/**
 * In headless Chromium, signed in with `cookie`: milliseconds from navigation start to the first
 * card in the DOM (recorded by a MutationObserver the page gets before its own scripts), median
 * of NAVIGATIONS navigations with a cold cache (a new browser context each) and with a warm one
 * (the same context navigating again).
 */
export async function timeToFirstCards(base: string, cookie: string, who: string, kind: 'sqlite' | 'postgres'): Promise<BenchRow[]> {
  const benchmark = `time to first cards in Chromium (headless), ${who}`;
  const notServed = await appServed(base, cookie);
  if (notServed) return [{ benchmark, database: kind, measure: 'navigation start to first card', value: `not measured: app not served (${notServed})`, target: 'reported' }];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const [name, value] = cookie.split('=');
  try {
    const newContext = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([{ name, value, url: base }]);
      // A string, not a function: tsx's compiled functions call a helper (__name) the page lacks.
      await context.addInitScript(FIRST_CARD_RECORDER.replace('SELECTOR', JSON.stringify(CARD_SELECTOR)));
      return context;
    };
    const navigate = async (page: import('playwright-core').Page): Promise<number> => {
      await page.goto(`${base}/`, { waitUntil: 'commit' });
      await page.locator(CARD_SELECTOR).first().waitFor({ state: 'attached', timeout: 30_000 });
      const at = await page.evaluate(() => (window as unknown as { __firstCard?: number }).__firstCard);
      if (typeof at !== 'number') throw new Error('the first card was not recorded');
      return at;
    };
    const cold: number[] = [];
    for (let i = 0; i < NAVIGATIONS; i++) {
      const context = await newContext();
      cold.push(await navigate(await context.newPage()));
      await context.close();
    }
    const context = await newContext();
    const page = await context.newPage();
    await navigate(page);
    const warm: number[] = [];
    for (let i = 0; i < NAVIGATIONS; i++) warm.push(await navigate(page));
    await context.close();
    const show = (values: number[]) => `${Math.round(median(values))} ms (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})`;
    return [
      { benchmark, database: kind, measure: `navigation start to first card, cold cache, median of ${NAVIGATIONS} (min–max)`, value: show(cold), target: 'reported' },
      { benchmark, database: kind, measure: `navigation start to first card, warm cache, median of ${NAVIGATIONS} (min–max)`, value: show(warm), target: 'reported' },
    ];
  } catch (error) {
    return [{ benchmark, database: kind, measure: 'navigation start to first card', value: `not measured: ${(error as Error).message.split('\n')[0]}`, target: 'reported' }];
  } finally {
    await browser.close();
  }
}
