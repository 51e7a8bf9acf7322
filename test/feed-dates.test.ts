import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHAT_FORM, qaCompany } from './helpers/qa-factories.ts';
import { createRequest } from './helpers/data-return.ts';
import type { TestClient } from './helpers/test-client.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let api: TestClient;
before(async () => {
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '100000' });
  const t = await qaCompany(ctx);
  api = t.api;
  const created = await api.post('/v2/integrations', { id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' });
  assert.equal(created.statusCode, 201, created.body);
  const scorecard = (await api.post('/v2/qa/scorecards', CHAT_FORM)).json();
  const review = await api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } });
  assert.equal(review.statusCode, 201, review.body);
  await createRequest(ctx, t.company, { email: t.agent.email, custom_id: 'hjackson' }, { brand: t.company.subdomain });
  const at = Date.parse('2019-12-20T10:00:00Z');
  await ctx.db.kysely.updateTable('qa_reviews').set({ created_at: at }).where('company_id', '=', t.company.id).execute();
  await ctx.db.kysely.updateTable('interactions').set({ created_at: at }).where('company_id', '=', t.company.id).execute();
});
after(() => ctx.close());

/** Every feed and the date-time parameters it takes. */
const FEEDS: Record<string, string[]> = {
  '/v2/data': ['created_at_gte', 'created_at_lte', 'responded_at_gte', 'responded_at_lte'],
  '/v1/data/requests': ['start_date', 'end_date'],
  '/v1/data/responses': ['start_date', 'end_date'],
  '/v2/qa': ['created_at_gte', 'created_at_lte'],
  '/v2/qa/audits': ['created_at_gte', 'created_at_lte', 'completed_at_gte', 'completed_at_lte'],
  '/v2/qa/calibrations': ['created_at_gte', 'created_at_lte', 'completed_at_gte', 'completed_at_lte'],
  '/v2/coaching/sessions': ['created_at_gte', 'created_at_lte', 'shared_at_gte', 'shared_at_lte'],
  '/v2/integrations/wfm/records': ['created_at_gte', 'created_at_lte'],
};

const IMPOSSIBLE = ['2019-02-30', '2019-13-01', '2019-02-29T10:00:00Z', '2019-12-20T25:00:00Z', '2019-04-31T00:00:00-05:00', '2019-12-20T10:60:00Z'];
const ACCEPTED = ['2019-12-20', '2020-02-29', '2019-12-20T10:00:00Z', '2019-12-20T10:00:00-05:00', '2019-12-20 10:00', '2019-12-20T10:00:00.123Z', '2019-12-20T24:00:00Z'];

describe('date-time parameters of every feed', () => {
  it('answer an impossible date 400 naming the parameter, on GET and HEAD', async () => {
    for (const [feed, names] of Object.entries(FEEDS)) {
      for (const name of names) {
        for (const value of IMPOSSIBLE) {
          const url = `${feed}?${name}=${encodeURIComponent(value)}`;
          const response = await api.get(url);
          assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
          assert.deepEqual(response.json(), { error: 'Bad Request', message: `${name} must be an ISO 8601 date-time such as 2019-12-20T00:00:00-05:00` }, url);
        }
        const head = await api.head(`${feed}?${name}=2019-02-30`);
        assert.equal(head.statusCode, 400, `HEAD ${feed}?${name}=2019-02-30`);
      }
    }
  });

  it('still take every valid form', async () => {
    for (const [feed, names] of Object.entries(FEEDS)) {
      for (const name of names) {
        for (const value of ACCEPTED) {
          const url = `${feed}?${name}=${encodeURIComponent(value)}`;
          assert.equal((await api.get(url)).statusCode, 200, url);
        }
      }
    }
  });

  it('read a date-time with its offset, inclusively, alike on every feed', async () => {
    const count = async (url: string) => {
      const body = (await api.get(url)).json();
      return Array.isArray(body) ? body.length : body.requests.length;
    };
    for (const [feed, name] of [['/v2/qa', 'created_at'], ['/v2/data', 'created_at'], ['/v1/data/requests', '']] as const) {
      const [gte, lte] = name ? [`${name}_gte`, `${name}_lte`] : ['start_date', 'end_date'];
      assert.equal(await count(`${feed}?${gte}=${encodeURIComponent('2019-12-20T05:00:00-05:00')}`), 1, feed);
      assert.equal(await count(`${feed}?${gte}=${encodeURIComponent('2019-12-20T05:00:00.001-05:00')}`), 0, feed);
      assert.equal(await count(`${feed}?${lte}=2019-12-20T10:00:00Z`), 1, feed);
      assert.equal(await count(`${feed}?${lte}=2019-12-20`), 0, feed);
      assert.equal(await count(`${feed}?${gte}=2019-12-20&${lte}=2019-12-20T24:00:00Z`), 1, feed);
    }
  });
});
