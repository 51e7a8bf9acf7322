import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { listeningDataServer } from './helpers/data-return.ts';
import { signJwt } from './helpers/jwt.ts';
import type { TestContext } from './helpers/test-app.ts';

/** Enough rows that one export takes many event-loop turns even on a fast machine. */
const ROWS = 30_000;
const EXPORTS = 3;

interface ClientsReport {
  runs: { status: number; records: number | string; firstByteAt: number; endAt: number }[];
  healthAnsweredAt: number[];
}

let ctx: TestContext;
let base: string;
let company: CompanyCredentials;
before(async () => {
  ({ ctx, base, company } = await listeningDataServer(ROWS));
});
after(() => ctx.close());

/** Runs the clients on a thread of their own, so that they keep reading while the server's event loop is busy. */
async function runClients(path: string): Promise<ClientsReport> {
  const headers = { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret) };
  const worker = new Worker(new URL('./helpers/export-clients.worker.mjs', import.meta.url), { workerData: { base, path, headers, exports: EXPORTS } });
  const [report] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [ClientsReport];
  await worker.terminate();
  return report;
}

describe('concurrent streamed exports', () => {
  it('share the event loop: health checks are answered and the exports progress side by side', async (t) => {
    const { runs, healthAnsweredAt } = await runClients('/v2/data?stream=true&include_recovery=true&limit=1000000');
    for (const run of runs) {
      assert.equal(run.status, 200, String(run.records));
      assert.equal(run.records, ROWS);
    }
    const allStarted = Math.max(...runs.map((run) => run.firstByteAt));
    const firstEnded = Math.min(...runs.map((run) => run.endAt));
    assert.ok(allStarted < firstEnded, `an export finished ${(allStarted - firstEnded).toFixed(0)} ms before another had received its first byte`);
    const answeredMeanwhile = healthAnsweredAt.filter((at) => at > allStarted && at < firstEnded).length;
    t.diagnostic(`all streaming for ${(firstEnded - allStarted).toFixed(0)} ms of ${(Math.max(...runs.map((run) => run.endAt)) - Math.min(...runs.map((run) => run.firstByteAt))).toFixed(0)}; /healthz answered ${answeredMeanwhile} times meanwhile`);
    assert.ok(answeredMeanwhile >= 5, `/healthz answered ${answeredMeanwhile} times while all ${EXPORTS} exports were streaming (${(firstEnded - allStarted).toFixed(0)} ms)`);
  });
});
