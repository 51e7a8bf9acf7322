import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { runCli } from './helpers/cli.ts';
import { dataCompany } from './helpers/data-return.ts';
import { signJwt } from './helpers/jwt.ts';
import { FeedWatch } from './helpers/feed-watch.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** Enough rows for several state writes (one per 1,000) and a stream that takes many chunks. */
const ROWS = 3000;

let ctx: TestContext;
let base: string;
let company: CompanyCredentials;
let dir: string;
const watch = new FeedWatch('/v2/data');
/** What a raw `GET /v2/data?stream=true` sends: the bytes and each record's sequence_id. */
let reference: { text: string; sequenceIds: number[] };

before(async () => {
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '1000' }, { onRoute: watch.onRoute });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  ({ company } = await dataCompany(ctx));
  await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(company.subdomain), { interactions: ROWS, batchSize: 5000 });
  const response = await fetch(`${base}/v2/data?stream=true&include_recovery=true&limit=${Number.MAX_SAFE_INTEGER}`, {
    headers: { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret) },
  });
  const text = await response.text();
  reference = { text, sequenceIds: (JSON.parse(text) as { sequence_id: number }[]).map((record) => record.sequence_id) };
  assert.ok(reference.sequenceIds.length >= ROWS, `seeded ${reference.sequenceIds.length}`);
  dir = fs.mkdtempSync(path.join(ctx.database.dataDir, 'export-stream-'));
});
after(() => ctx.close());
beforeEach(() => (watch.urls.length = 0));

const exportArgs = (out: string, state: string) => ['export', 'feedback', '--url', base, '--api-key', company.api_key, '--api-secret', company.api_secret, '--out', out, '--state', state];

/** The sequence_ids of an NDJSON export file, checked to be the feed's, each once, in order. */
function assertWholeFeed(file: string): void {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.deepEqual(lines.map((line) => JSON.parse(line).sequence_id), reference.sequenceIds, 'every record exactly once, in sequence_id order');
  assert.equal(`[${lines.join(',')}]`, reference.text, 'each record as the server sent it');
}

function query(url: string): URLSearchParams {
  return new URL(url, 'http://x').searchParams;
}

describe('agent-connect export feedback: one streamed request per resume point', () => {
  it('exports the whole feed with a single streamed request, keeping the state file', async () => {
    const out = path.join(dir, 'single.ndjson');
    const state = path.join(dir, 'single.json');
    const result = await runCli(ctx.env, ...exportArgs(out, state));
    assert.equal(result.code, 0, result.stderr);
    assertWholeFeed(out);
    assert.equal(watch.urls.length, 1, `requests the server received: ${watch.urls.join(', ')}`);
    assert.equal(query(watch.urls[0]).get('stream'), 'true');
    assert.equal(query(watch.urls[0]).get('after'), null);
    assert.deepEqual(JSON.parse(fs.readFileSync(state, 'utf8')), { after: reference.sequenceIds.at(-1), bytes: fs.statSync(out).size });
    assert.match(result.stderr, new RegExp(`exported ${reference.sequenceIds.length} feedback rows; last sequence_id: ${reference.sequenceIds.at(-1)}`));
  });

  it('resumes with a new streamed request after the last record when the connection drops mid-stream', async () => {
    const out = path.join(dir, 'dropped.ndjson');
    const state = path.join(dir, 'dropped.json');
    watch.cutNextAfter(Math.floor(reference.text.length / 2));
    const result = await runCli(ctx.env, ...exportArgs(out, state));
    assert.equal(result.code, 0, result.stderr);
    assertWholeFeed(out);
    assert.equal(watch.urls.length, 2, watch.urls.join(', '));
    const resumedAfter = Number(query(watch.urls[1]).get('after'));
    assert.equal(query(watch.urls[1]).get('stream'), 'true');
    assert.ok(reference.sequenceIds.includes(resumedAfter) && resumedAfter < reference.sequenceIds.at(-1)!, `resumed after ${resumedAfter}`);
    assert.match(result.stderr, new RegExp(`the connection to ${base}/v2/data was lost \\(.+\\) after \\d+ rows; resuming after sequence_id ${resumedAfter}`));
  });

  it('a killed export, rerun with its state file, resumes with one streamed request and writes each record once', async () => {
    const out = path.join(dir, 'killed.ndjson');
    const state = path.join(dir, 'killed.json');
    const hold = watch.holdNextAfter(Math.floor(reference.text.length * 0.6));
    const child = spawn(process.execPath, ['bin/agent-connect.js', ...exportArgs(out, state)], { env: { ...process.env, ...ctx.env }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Wait until the stalled export has written a state file and records after it, then kill it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      assert.ok(Date.now() < deadline, 'the export never wrote its state file and more');
      const saved = fs.existsSync(state) ? JSON.parse(fs.readFileSync(state, 'utf8')) : null;
      if (saved && fs.statSync(out).size > saved.bytes) break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    await exited;
    hold.release();
    const saved = JSON.parse(fs.readFileSync(state, 'utf8'));
    assert.ok(fs.statSync(out).size > saved.bytes, 'the killed export wrote records after its last state');

    watch.urls.length = 0;
    const result = await runCli(ctx.env, ...exportArgs(out, state));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(watch.urls.length, 1, watch.urls.join(', '));
    assert.equal(Number(query(watch.urls[0]).get('after')), saved.after);
    assertWholeFeed(out);
  });
});
