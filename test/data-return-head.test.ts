import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { buildApp, type App } from '../src/app.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createServices } from '../src/services.ts';
import { createRequest, dataCompany, respond } from './helpers/data-return.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { actingOn } from './helpers/test-client.ts';

/** Tables a feed reads its records from (authentication, and the integration check, read others). */
const FEED_TABLES = new Set(['interactions', 'answers', 'employees', 'brands', 'qa_reviews', 'qa_audits', 'qa_calibrations', 'coaching_sessions', 'metric_records']);

/** Records the tables of every query Kysely runs, leaving the queries as they are. */
class TablesSeen implements KyselyPlugin {
  readonly tables: string[] = [];

  transformQuery({ node }: PluginTransformQueryArgs) {
    this.collect(node);
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }

  feedReads(): string[] {
    return this.tables.filter((table) => FEED_TABLES.has(table));
  }

  private collect(node: unknown): void {
    if (typeof node !== 'object' || node === null) return;
    if ((node as OperationNode).kind === 'TableNode') this.tables.push((node as { table: { identifier: { name: string } } }).table.identifier.name);
    for (const value of Object.values(node)) this.collect(value);
  }
}

let ctx: TestContext;
let app: App;
let closeServices: () => Promise<void>;
const seen = new TablesSeen();
let company: CompanyCredentials;

before(async () => {
  ctx = await createTestContext();
  // A second app on the same database whose queries go through the observer.
  const observed = ctx.db.kysely.withPlugin(seen);
  const services = createServices(ctx.config, { ...ctx.db, kysely: observed, exportKysely: ctx.db.dialect === 'sqlite' ? observed : ctx.db.exportKysely.withPlugin(seen) });
  closeServices = services.close;
  app = await buildApp(ctx.config, services);
  await app.ready();
  const data = await dataCompany(ctx);
  company = data.company;
  const integration = { id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' };
  const created = await actingOn(app)(company).post('/v2/integrations', integration);
  assert.equal(created.statusCode, 201, created.body);
  for (let i = 0; i < 3; i++) {
    const id = await createRequest(ctx, company, data.employee);
    await respond(ctx, data.company.id, id, [{ key: 'agent_star_rating', questionId: 1, questionText: 'How did I do?', options: [{ option_id: 5, option_text: '5', integer_value: 5 }] }]);
  }
});
after(async () => {
  await app?.close();
  await closeServices?.();
  await ctx?.close();
});

async function request(method: 'GET' | 'HEAD', url: string, credentials = true) {
  seen.tables.length = 0;
  const response = credentials ? await actingOn(app)(company).send(method, url) : await app.inject({ method, url });
  // A body computed after the answer (as a HEAD once was) would be read in the next moments.
  await sleep(100);
  return response;
}

const FEEDS = [
  ['/v2/data', '/v2/data?created_at_gte=yesterday'],
  ['/v1/data/requests', '/v1/data/requests?start_date=soon'],
  ['/v1/data/responses', '/v1/data/responses?limit=0'],
];

describe('HEAD on the data-return feeds', () => {
  it('answers the headers without reading the feed, streamed or not', async () => {
    for (const [url] of FEEDS) {
      const get = await request('GET', `${url}?stream=true`);
      assert.equal(get.statusCode, 200);
      assert.ok(seen.feedReads().includes('interactions'), `GET ${url} reads the feed (the observer sees it)`);
      for (const query of ['', '?stream=true', '?stream=true&limit=1000000']) {
        const head = await request('HEAD', `${url}${query}`);
        assert.equal(head.statusCode, 200, `HEAD ${url}${query}`);
        assert.match(String(head.headers['content-type']), /^application\/json/);
        assert.equal(head.body, '');
        assert.equal(head.headers['content-length'], undefined, 'a HEAD must not announce an empty body');
        assert.deepEqual(seen.feedReads(), [], `HEAD ${url}${query} read the feed`);
      }
    }
  });

  it('answers the QA, coaching and metrics feeds alike', async () => {
    const feeds = ['/v2/qa', '/v2/qa/audits', '/v2/qa/calibrations', '/v2/coaching/sessions', '/v2/integrations/wfm/records'];
    for (const url of feeds) {
      const get = await request('GET', url);
      assert.equal(get.statusCode, 200, `${url}: ${get.body}`);
      assert.notDeepEqual(seen.feedReads(), [], `GET ${url} reads the feed (the observer sees it)`);
      const head = await request('HEAD', `${url}?limit=5&created_at_gte=2020-01-01T00:00:00Z`);
      assert.equal(head.statusCode, 200, url);
      assert.match(String(head.headers['content-type']), /^application\/json/);
      assert.equal(head.body, '');
      assert.deepEqual(seen.feedReads(), [], `HEAD ${url} read the feed`);
      assert.equal((await request('HEAD', url, false)).statusCode, 403, url);
      assert.equal((await request('HEAD', `${url}?limit=0`)).statusCode, 400, url);
      assert.equal((await request('HEAD', `${url}?created_at_lte=tomorrow`)).statusCode, 400, url);
      // A parameter another feed takes is ignored here, by HEAD as by GET.
      assert.equal((await request('HEAD', `${url}?shared_at_gte=x&completed_at_gte=x`)).statusCode, (await request('GET', `${url}?shared_at_gte=x&completed_at_gte=x`)).statusCode, url);
    }
    assert.equal((await request('HEAD', '/v2/integrations/nope/records')).statusCode, 404);
  });

  it('still refuses a missing credential (403) and a bad parameter (400)', async () => {
    for (const [url, invalid] of FEEDS) {
      const anonymous = await request('HEAD', `${url}?stream=true`, false);
      assert.equal(anonymous.statusCode, 403, url);
      const bad = await request('HEAD', `${invalid}&stream=true`);
      assert.equal(bad.statusCode, 400, invalid);
      assert.equal((await request('GET', `${invalid}&stream=true`)).statusCode, 400, `GET ${invalid} is refused alike`);
      assert.deepEqual(seen.feedReads(), [], invalid);
    }
  });
});
