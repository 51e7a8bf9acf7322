import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { isPostgres } from '../src/db/dialect.ts';
import { allocateSequenceIds } from '../src/db/sequence.ts';
import { eventually, interaction, postRequest, requestBody, startMailingApp, surveyCompany } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let close: () => Promise<void>;
before(async () => {
  ({ ctx, close } = await startMailingApp());
});
after(() => close());

describe('lock order between the outbox worker and survey answers', () => {
  it('recording a sent survey email waits for an answer being saved instead of deadlocking with it', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const uuid = await postRequest(ctx, company.api_key, requestBody(agent));
    const row = await interaction(ctx, uuid);
    const db = ctx.db.kysely;
    // What a survey answer does (SurveyRepository.changeAnswers): the company's sequence lock,
    // then the interaction's new sequence_id. Here it holds the lock while the email is sent,
    // so the worker records the delivery while the "answer" is half done.
    const answer = db.transaction().execute(async (trx) => {
      const [sequenceId] = await allocateSequenceIds(trx, company.id, [row.id]);
      if (isPostgres(db)) {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        // Until the worker waits for this lock; then past deadlock_timeout (1 s), so the cycle,
        // if there is one, is found by this transaction's own wait below.
        await eventually(async () => {
          const blocked = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${rows[0].pid}::int = ANY(pg_blocking_pids(pid))`.execute(db);
          return blocked.rows[0].n > 0;
        }, 20_000);
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      await trx.updateTable('interactions').set({ sequence_id: sequenceId, response_received_at: Date.now() }).where('company_id', '=', company.id).where('id', '=', row.id).execute();
      return sequenceId;
    });
    const answered = await answer;
    const sent = await eventually(async () => {
      const current = await interaction(ctx, uuid);
      return current.delivery_status === 'Sent' ? current : null;
    });
    assert.ok(sent.sequence_id > answered, 'the delivery was recorded after the answer, with a newer sequence_id');
    assert.ok(sent.response_received_at! > 0);
  });
});
