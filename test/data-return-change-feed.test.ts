import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUESTIONS } from '../src/modules/survey/question-catalog.ts';
import { createRequest, dataCompany, respond } from './helpers/data-return.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '1000000' });
});
after(() => ctx.close());

interface Copy {
  uuid: string;
  sequence_id: number;
  request_delivery_status: string;
  response_received_at: string | null;
  answers: Record<string, unknown>;
}

describe('the change feed promise', () => {
  it('a reader paging with after never misses a committed insert or update made by concurrent writers', async () => {
    const { company, employee } = await dataCompany(ctx);
    const created: string[] = [];
    let pagesWhileWriting = 0;
    const responded = new Set<string>();
    const started = Date.now();
    // Writers keep going until the reader has paged a good while alongside them, however slow the machine.
    const writing = () => Date.now() - started < 30_000 && (Date.now() - started < 2000 || pagesWhileWriting < 15 || writes < 80);
    let writes = 0;

    const inserter = async () => {
      while (writing()) {
        created.push(await createRequest(ctx, company, employee, { ext_interaction_id: `w${created.length}` }));
        writes++;
        await sleep(3);
      }
    };
    const updater = async (seed: number) => {
      let i = seed;
      while (writing()) {
        if (created.length === 0) {
          await sleep(5);
          continue;
        }
        const uuid = created[(i = (i * 7919 + 13) % 1_000_003) % created.length];
        if (!responded.has(uuid) && i % 2 === 0) {
          responded.add(uuid);
          await respond(ctx, company.id, uuid, [
            { key: 'agent_star_rating', questionId: 145, questionText: QUESTIONS.agent_star_rating.question_text, options: [{ option_id: 1075, option_text: '5', integer_value: 5 }] },
          ]);
        } else {
          await ctx.db.kysely.transaction().execute(async (trx) => {
            const row = await trx.selectFrom('interactions').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow();
            await ctx.services.interactions.touch(trx, company.id, Number(row.id), { delivery_status: `Sent ${i}`, sent_at: Date.now() });
          });
        }
        writes++;
        await sleep(3);
      }
    };

    const copies = new Map<string, Copy>();
    let writersDone = false;
    const reader = async () => {
      let last = 0;
      for (;;) {
        const response = await ctx.as(company).get(`/v2/data?after=${last}&limit=10`);
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json() as Copy[];
        if (!writersDone && page.length > 0) pagesWhileWriting++;
        for (const record of page) {
          assert.ok(record.sequence_id > last, 'sequence ids only grow along the feed');
          last = record.sequence_id;
          copies.set(record.uuid, record);
        }
        if (page.length === 0) {
          if (writersDone) return;
          await sleep(2);
        }
      }
    };

    const reading = reader();
    await Promise.all([inserter(), inserter(), updater(1), updater(2), updater(3)]);
    writersDone = true;
    await reading;

    assert.ok(writes >= 80, `only ${writes} writes happened`);
    assert.ok(pagesWhileWriting >= 15, `only ${pagesWhileWriting} non-empty pages were read while writers wrote`);
    const rows = await ctx.db.kysely.selectFrom('interactions').select(['uuid', 'sequence_id']).where('company_id', '=', company.id).execute();
    assert.equal(copies.size, rows.length, 'the reader saw every interaction');
    assert.equal(rows.length, created.length);
    const fresh = new Map((await ctx.as(company).get('/v2/data?limit=10000')).json().map((r: Copy) => [r.uuid, r]));
    for (const row of rows) {
      const copy = copies.get(row.uuid);
      assert.ok(copy, `missed ${row.uuid}`);
      assert.equal(copy.sequence_id, row.sequence_id, `stale copy of ${row.uuid}`);
      assert.deepEqual(copy, fresh.get(row.uuid));
    }
    assert.ok([...copies.values()].some((copy) => copy.response_received_at !== null && Object.keys(copy.answers).length === 1));
    assert.ok([...copies.values()].some((copy) => copy.request_delivery_status.startsWith('Sent ')));
  });
});
