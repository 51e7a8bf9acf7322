import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { documentedOperations, fillPath, type Operation } from '../helpers/routes.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { leaks, populateTenant, snapshot, type Tenant } from '../helpers/tenant.ts';

let ctx: SecurityContext;
let a: Tenant;
let b: Tenant;
let operations: Operation[];
let before_: Record<string, unknown>;
before(async () => {
  ctx = await createSecurityContext();
  a = await populateTenant(ctx);
  b = await populateTenant(ctx);
  operations = (await documentedOperations(ctx.app)).filter((o) => o.security.includes('jwt'));
  before_ = await snapshot(ctx, a);
});
after(() => ctx.closeAndCheckLogs());

/** Every id of A a path parameter could take. */
function victimIds(): string[] {
  const { answers: _answers, ...ids } = a.ids;
  return [...Object.values(ids), a.agent.email, a.agent.custom_id!, a.leader.email];
}

/** Query strings that name A's things: filters, searches and cursors. */
function victimQueries(): string[] {
  const e = encodeURIComponent;
  return [
    '',
    '?after=0&include_recovery=true&limit=10000',
    `?employee_email=${e(a.agent.email)}`,
    `?employee_custom_id=${e(a.agent.custom_id!)}`,
    `?q=${e(a.company.subdomain)}`,
    `?status=pending&status=active&status=deactivated&number_of_employees=500`,
    `?external_id=${e(a.agent.custom_id!)}`,
  ];
}

async function asB(operation: Operation, url: string) {
  return ctx.as(b.company).send(operation.method, url, operation.method === 'GET' ? undefined : {});
}

describe("tenant isolation: company B's reads", () => {
  it("every JWT GET route, with A's ids in the path and A's names in the query, answers without A's data", async () => {
    const gets = operations.filter((o) => o.method === 'GET');
    assert.ok(gets.length >= 15, `${gets.length} GET routes`);
    let answered = 0;
    for (const operation of gets) {
      const paths = operation.path.includes('{') ? victimIds().map((id) => fillPath(operation.path, { id: encodeURIComponent(id), uuid: id })) : [operation.path];
      for (const path of paths) {
        for (const query of victimQueries()) {
          const url = `${path}${query}`;
          const response = await asB(operation, url);
          assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
          assert.deepEqual(leaks(a, response.body, url), [], `${url}: ${response.body.slice(0, 500)}`);
          if (response.statusCode === 200) answered++;
          if (operation.path.includes('{')) assert.ok(response.statusCode >= 400, `${url} answered ${response.statusCode} for A's id`);
        }
      }
    }
    assert.ok(answered > 20, 'the list routes answered (with B\'s own data)');
  });

  it('B\'s own feeds contain B\'s data (the control: the marker check can see data)', async () => {
    const feed = await ctx.as(b.company).get('/v2/data?include_recovery=true');
    const found = leaks(b, feed.body, '');
    assert.ok(found.includes(b.ids.requestId) && found.includes(b.ids.recoveryId), found.join());
    const reviews = await ctx.as(b.company).get('/v2/qa');
    assert.ok(leaks(b, reviews.body, '').includes(b.ids.reviewUuid));
  });

  it("every JWT route with a path parameter refuses each of A's ids (404/400/422), whatever the method", async () => {
    for (const operation of operations.filter((o) => o.path.includes('{'))) {
      for (const id of victimIds()) {
        const url = fillPath(operation.path, { id: encodeURIComponent(id), uuid: id });
        const response = await asB(operation, url);
        assert.ok([400, 404, 422].includes(response.statusCode), `${operation.method} ${url}: ${response.statusCode} ${response.body}`);
        assert.deepEqual(leaks(a, response.body, url), [], url);
      }
    }
  });

  it('property: generated ids and queries never yield a 5xx or A\'s data', async () => {
    const id = fc.oneof(fc.constantFrom(...victimIds()), fc.uuid(), fc.string({ minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 10_000 }).map(String));
    const param = fc.oneof(id, fc.constantFrom('0', '-1', 'true', '1e308', '..%2F..%2Fetc'));
    const query = fc.dictionary(fc.constantFrom('after', 'limit', 'employee_email', 'q', 'status', 'created_at_gte', 'include_recovery', 'external_id', 'employee_custom_id'), param, { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations.filter((o) => o.method === 'GET')), id, query, async (operation, pathId, params) => {
        const path = fillPath(operation.path, { id: encodeURIComponent(pathId), uuid: encodeURIComponent(pathId) });
        const url = `${path}?${new URLSearchParams(params)}`;
        const response = await asB(operation, url);
        assert.ok(response.statusCode < 500, `${url}: ${response.statusCode} ${response.body}`);
        assert.deepEqual(leaks(a, response.body, decodeURIComponent(url)), [], `${url}: ${response.body.slice(0, 300)}`);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves A's data unchanged", async () => {
    assert.deepEqual(await snapshot(ctx, a), before_);
  });
});
