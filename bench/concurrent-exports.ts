// The concurrency scenario of data-return.bench.ts: streamed exports side by side while /healthz
// and POST /v1/requests are timed, one probe of each kind in flight at a time.
import http from 'node:http';
import { FeedbackRequestBody } from '../src/modules/requests/requests.schemas.ts';
import type { BenchRow } from './support.ts';

/** Exports run at once and the rows each reads (BENCH_CONCURRENT_EXPORTS, BENCH_CONCURRENT_ROWS override). */
const EXPORTS = Number(process.env.BENCH_CONCURRENT_EXPORTS ?? 20);
const ROWS = Number(process.env.BENCH_CONCURRENT_ROWS ?? 300_000);
/** Pause between a probe's answer and the next probe of the same kind. */
const PROBE_PAUSE_MS = 10;
/** The bound a probe's p99 must keep while the exports run. */
const PROBE_P99_MS = 100;

interface ExportRun {
  rows: number;
  firstByteAt: number;
  halfAt: number;
  endAt: number;
}

/** One streamed export read as the socket delivers it: rows counted as they come, with the times of its first byte, its half and its end. */
function streamedExport(url: string, headers: Record<string, string>, expected: number): Promise<ExportRun> {
  const needle = Buffer.from('"sequence_id":');
  const count = (data: Buffer) => {
    let found = 0;
    for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + needle.length)) found++;
    return found;
  };
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`export answered ${response.statusCode}`));
        const run: ExportRun = { rows: 0, firstByteAt: 0, halfAt: 0, endAt: 0 };
        // Occurrences within each part, plus those split across two parts (found in the joint alone).
        let tail = Buffer.alloc(0);
        response.on('data', (data: Buffer) => {
          run.firstByteAt ||= performance.now();
          run.rows += count(data) + count(Buffer.concat([tail, data.subarray(0, needle.length - 1)]));
          tail = Buffer.from(data.subarray(Math.max(0, data.length - needle.length + 1)));
          if (!run.halfAt && run.rows >= expected / 2) run.halfAt = performance.now();
        });
        response.on('end', () => resolve({ ...run, endAt: performance.now() }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Latencies (ms) of requests sent one after another until `until` settles; throws on an unexpected status. */
async function probe(until: Promise<unknown>, send: () => Promise<Response>): Promise<number[]> {
  let finished = false;
  void until.finally(() => (finished = true));
  const latencies: number[] = [];
  while (!finished) {
    const started = performance.now();
    const response = await send();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`probe answered ${response.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
  }
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * EXPORTS streamed exports of ROWS rows (or all there are) at once, with /healthz and POST
 * /v1/requests probed throughout (the requests with the test key, so the exports' rows stay put).
 */
export async function concurrentExports(
  kind: 'sqlite' | 'postgres',
  base: string,
  headers: Record<string, string>,
  testApiKey: string,
  seededRows: number,
): Promise<BenchRow[]> {
  const expected = Math.min(ROWS, seededRows);
  const body = JSON.stringify({ ...FeedbackRequestBody.examples[0], employee: { email: 'agent1.demo@bench.example' }, brand: undefined });
  process.stderr.write(`${kind}: ${EXPORTS} concurrent exports of ${expected} rows...\n`);
  const started = performance.now();
  const exports = Promise.all(Array.from({ length: EXPORTS }, () => streamedExport(`${base}/v2/data?stream=true&include_recovery=true&limit=${ROWS}`, headers, expected)));
  const [runs, health, ingestion] = await Promise.all([
    exports,
    probe(exports, () => fetch(`${base}/healthz`)),
    probe(exports, () => fetch(`${base}/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': testApiKey }, body })),
  ]);
  for (const run of runs) if (run.rows !== expected) throw new Error(`a concurrent export returned ${run.rows} rows, expected ${expected}`);

  const at = (pick: (run: ExportRun) => number) => runs.map((run) => pick(run) - started);
  const [firstBytes, halves, ends] = [at((run) => run.firstByteAt), at((run) => run.halfAt), at((run) => run.endAt)];
  const total = Math.max(...ends);
  const sideBySide = Math.max(...halves) < Math.min(...ends);
  const benchmark = `${EXPORTS} concurrent streamed exports of ${expected.toLocaleString('en')} rows`;
  const latency = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (${values.length} probes)`;
  const row = (measure: string, value: string, target?: string, met?: boolean): BenchRow => ({ benchmark, database: kind, measure, value, target, met });
  return [
    row('GET /healthz latency during the exports', latency(health), `p99 < ${PROBE_P99_MS} ms`, percentile(health, 99) < PROBE_P99_MS),
    row('POST /v1/requests latency during the exports', latency(ingestion), `p99 < ${PROBE_P99_MS} ms`, percentile(ingestion, 99) < PROBE_P99_MS),
    row(
      'export progress (from the start)',
      `first byte by ${seconds(Math.max(...firstBytes))}; half the rows by ${seconds(Math.min(...halves))}–${seconds(Math.max(...halves))}; ended ${seconds(Math.min(...ends))}–${seconds(total)}`,
      'side by side: every export half done before the first ends',
      sideBySide,
    ),
    row('rows/s, all exports together', Math.round((EXPORTS * expected) / (total / 1000)).toLocaleString('en'), 'reported'),
  ];
}
