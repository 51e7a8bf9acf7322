import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { DataReturnRepository, type FeedAnswerRow, type FeedEmployeeRow, type FeedInteractionRow } from '../src/modules/data-return/repository.ts';
import { QUESTIONS } from '../src/modules/survey/question-catalog.ts';
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

/** Any text a column may hold: every UTF-16 code unit, lone surrogates and control characters included. */
const text = fc.string({ unit: 'binary', maxLength: 24 });
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
/** Epoch milliseconds that JavaScript dates can write (years 1970 to 9999). */
const epochMs = fc.integer({ min: 0, max: 253_402_300_799_999 });
const employeeRow = (id: number) =>
  fc.record({ id: fc.constant(id), email: text, custom_id: maybe(text), first_name: maybe(text), last_name: maybe(text) });
/** Answers to distinct questions of the catalog, their options stored as the survey stores them (JSON.stringify). */
const answerRows = fc.uniqueArray(fc.constantFrom(...Object.keys(QUESTIONS)), { maxLength: 6 }).chain((keys) =>
  fc.tuple(
    ...keys.map((key, i) =>
      fc.record({
        id: fc.constant(i + 1),
        interaction_id: fc.constant(1),
        question_key: fc.constant(key),
        question_id: fc.nat(),
        question_text: text,
        comment: maybe(text),
        selected_options: fc.array(fc.record({ option_id: fc.nat(), option_text: text, integer_value: maybe(fc.integer()) }), { maxLength: 3 }).map((options) => JSON.stringify(options)),
      }),
    ),
  ),
);
const interactionRow = fc.record({
  id: fc.constant(1),
  uuid: text,
  sequence_id: fc.nat(),
  parent_id: maybe(fc.nat()),
  parent_uuid: maybe(text),
  is_recovery: fc.constantFrom(0, 1),
  brand_id: fc.nat(),
  brand_name: text,
  channel: text,
  employee_id: fc.constant(1),
  team_leader_id: fc.constantFrom(null, 2, 3),
  customer_email: text,
  customer_name: maybe(text),
  customer_custom_id: maybe(text),
  language: text,
  tags: fc.array(text, { maxLength: 4 }).map((tags) => JSON.stringify(tags)),
  custom_properties: maybe(fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((properties) => JSON.stringify(properties))),
  ext_interaction_id: maybe(text),
  external_url: maybe(text),
  requested_via: text,
  delivery_status: text,
  sent_at: maybe(epochMs),
  response_received_at: maybe(epochMs),
  reward_name: maybe(text),
  created_at: epochMs,
});

describe('v2 record serialisation, property-based', () => {
  it('the fast JSON writer equals JSON.stringify of the record object for any stored row', () => {
    fc.assert(
      fc.property(interactionRow, answerRows, employeeRow(1), employeeRow(2), (row, answers, employee, leader) => {
        // Employee 3 is a team leader the lookups did not find (deleted, another company's).
        const lookups = { employees: new Map<number, FeedEmployeeRow>([[1, employee], [2, leader]]), answers: new Map<number, FeedAnswerRow[]>([[1, answers]]), fragments: new Map<string, string>() };
        const out: string[] = [];
        writeInteractionV2Json(row as FeedInteractionRow, lookups, out);
        assert.equal(out.join(''), JSON.stringify(interactionV2(row as FeedInteractionRow, lookups)));
      }),
      { numRuns: 2_000 },
    );
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
