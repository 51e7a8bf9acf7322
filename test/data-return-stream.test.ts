import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { listeningDataServer } from './helpers/data-return.ts';
import { signJwt } from './helpers/jwt.ts';
import type { TestContext } from './helpers/test-app.ts';

const ROWS = 12_000;
let ctx: TestContext;
let base: string;
let company: CompanyCredentials;
before(async () => {
  ({ ctx, base, company } = await listeningDataServer(ROWS));
});
after(() => ctx.close());

async function open(path: string): Promise<http.IncomingMessage> {
  const headers = { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret) };
  return new Promise((resolve, reject) => http.get(`${base}${path}`, { headers }, resolve).on('error', reject));
}

async function waitFor(condition: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await sleep(20);
  }
}

describe('stream=true', () => {
  it('returns the same JSON as the paged response, as one chunked array', async () => {
    const cases = [
      ['/v2/data?include_recovery=true&limit=5000', '/v2/data?include_recovery=true&limit=5000&stream=true'],
      ['/v2/data?limit=777&after=0&responded_at_gte=1970-01-01T00:00:00Z', '/v2/data?limit=777&responded_at_gte=1970-01-01T00:00:00Z&stream=true'],
      ['/v1/data/requests?limit=3000', '/v1/data/requests?limit=3000&stream=true'],
      ['/v1/data/responses?limit=3000', '/v1/data/responses?stream=true&limit=3000'],
    ];
    for (const [plainUrl, streamUrl] of cases) {
      const plain = await fetch(`${base}${plainUrl}`, { headers: { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret) } });
      const streamed = await fetch(`${base}${streamUrl}`, { headers: { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret) } });
      assert.equal(plain.status, 200);
      assert.equal(streamed.status, 200);
      assert.equal(streamed.headers.get('transfer-encoding'), 'chunked');
      assert.equal(streamed.headers.get('content-length'), null);
      assert.match(streamed.headers.get('content-type') ?? '', /^application\/json/);
      const [a, b] = [await plain.text(), await streamed.text()];
      assert.ok(a.length > 1000, plainUrl);
      assert.equal(b, a, streamUrl);
    }
  });

  it('streams the whole feed in one request when the limit allows it', async () => {
    const response = await ctx.as(company).get('/v2/data?include_recovery=true&stream=true&limit=1000000');
    const body = response.json();
    assert.equal(body.length, ROWS);
    const sequence = body.map((r: { sequence_id: number }) => r.sequence_id);
    assert.ok(sequence.every((value: number, i: number) => i === 0 || value > sequence[i - 1]));
  });

  it('reads only as fast as the client takes the data (backpressure), then finishes', async () => {
    const before = ctx.services.dataReturn.stats.rowsRead;
    const response = await open('/v2/data?include_recovery=true&stream=true&limit=1000000');
    response.pause();
    let stalled = -1;
    for (let i = 0; i < 40 && stalled !== ctx.services.dataReturn.stats.rowsRead - before; i++) {
      stalled = ctx.services.dataReturn.stats.rowsRead - before;
      await sleep(500);
    }
    assert.equal(ctx.services.dataReturn.stats.rowsRead - before, stalled, 'reading stops while the client does not read');
    assert.ok(stalled < ROWS, `read ${stalled} of ${ROWS} rows before the client read anything`);
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.resume();
    await new Promise((resolve) => response.on('end', resolve));
    assert.equal(JSON.parse(text).length, ROWS);
  });

  it('stops reading when the client disconnects', async () => {
    const before = ctx.services.dataReturn.stats.rowsRead;
    const openBefore = ctx.services.dataReturn.stats.openFeeds;
    const response = await open('/v2/data?include_recovery=true&stream=true&limit=1000000');
    await new Promise((resolve) => response.once('data', resolve));
    assert.equal(ctx.services.dataReturn.stats.openFeeds, openBefore + 1);
    response.destroy();
    await waitFor(() => ctx.services.dataReturn.stats.openFeeds === openBefore);
    const read = ctx.services.dataReturn.stats.rowsRead - before;
    await sleep(300);
    assert.equal(ctx.services.dataReturn.stats.rowsRead - before, read);
    assert.ok(read < ROWS, `read ${read} of ${ROWS} rows for a client that left after the first chunk`);
  });
});
