import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { DataReturnRepository, type FeedEmployeeRow } from '../src/modules/data-return/repository.ts';
import { interactionV2 } from '../src/modules/data-return/records.ts';
import { writeInteractionV2Json } from '../src/modules/data-return/records-json.ts';
import { createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

describe('v2 record serialisation', () => {
  it('the fast JSON writer produces exactly JSON.stringify of the record object', async () => {
    const company = await createCompany(ctx.services, { brands: ['a', 'b'] });
    await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(company.subdomain), { interactions: 1500 });
    const repository = new DataReturnRepository(ctx.db.kysely);
    const rows = await repository.interactionsAfter(company.id, { isTest: false, includeRecovery: true }, 0, 2000);
    assert.equal(rows.length, 1500);
    const employees = new Map<number, FeedEmployeeRow>((await repository.employees(company.id, [...new Set(rows.flatMap((r) => [r.employee_id, r.team_leader_id ?? r.employee_id]))])).map((e) => [e.id, e]));
    const answers = new Map<number, Awaited<ReturnType<typeof repository.answers>>>();
    for (const answer of await repository.answers(company.id, rows.map((r) => r.id))) answers.set(answer.interaction_id, [...(answers.get(answer.interaction_id) ?? []), answer]);
    const lookups = { employees, answers, fragments: new Map<string, string>() };
    const interactionV2Json = (row: (typeof rows)[number]) => {
      const out: string[] = [];
      writeInteractionV2Json(row, lookups, out);
      return out.join('');
    };
    let withAnswers = 0;
    for (const row of rows) {
      const text = interactionV2Json(row);
      assert.equal(text, JSON.stringify(interactionV2(row, lookups)), row.uuid);
      if (answers.has(row.id)) withAnswers++;
    }
    assert.ok(withAnswers > 100);
    const leaderless = { ...rows[0], team_leader_id: null, custom_properties: null, reward_name: 'Coffee', parent_uuid: 'x' };
    assert.equal(interactionV2Json(leaderless), JSON.stringify(interactionV2(leaderless, lookups)));
    const hostile = { ...rows[0], customer_name: 'quote " backslash \\ nul \u0000 lone \ud800', customer_email: 'tab\there', ext_interaction_id: 'line\u2028sep', external_url: null, created_at: 0, sent_at: 253_402_300_800_000 };
    assert.equal(interactionV2Json(hostile), JSON.stringify(interactionV2(hostile, lookups)));
  });
});

describe('parent lookups', () => {
  it('find the parents of recoveries by id, only within the asking company', async () => {
    const owner = await createCompany(ctx.services);
    const other = await createCompany(ctx.services);
    await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(owner.subdomain), { interactions: 400, responseRate: 0.9 });
    const repository = new DataReturnRepository(ctx.db.kysely);
    const rows = await repository.interactionsAfter(owner.id, { isTest: false, includeRecovery: true }, 0, 1000);
    const parentIds = rows.flatMap((row) => (row.parent_id === null ? [] : [row.parent_id]));
    assert.ok(parentIds.length > 0, 'the demo data has recoveries');
    const found = await repository.uuids(owner.id, parentIds);
    for (const id of parentIds) assert.equal(found.get(id), rows.find((row) => row.id === id)?.uuid);
    assert.equal((await repository.uuids(other.id, parentIds)).size, 0, "another company's interactions are not found");
  });
});
