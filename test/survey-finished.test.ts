import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker, interaction, postRequest, requestBody, surveyCompany, tokenFromMail } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let receiver: http.Server;
let secret = '';
const events: { type: string; timestamp: string; data: Record<string, unknown> }[] = [];

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  worker = fastWorker(ctx);
  // A real receiver: only events whose Standard Webhooks signature verifies are kept.
  receiver = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    events.push(new Webhook(secret).verify(body, req.headers as Record<string, string>) as (typeof events)[number]);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await worker.stop();
  receiver.close();
  await ctx.close();
  await sink.close();
});

const finishedRows = (interactionId: number) =>
  ctx.db.kysely.selectFrom('outbox').select(['id', 'status', 'available_at']).where('kind', '=', 'survey_finished').where('interaction_id', '=', interactionId).orderBy('id').execute();

describe('survey.finished', () => {
  it('is sent once, survey_finished_after_minutes after the first answer, with the answers the survey ended with', async () => {
    const { company, agent } = await surveyCompany(ctx, ['survey_finished_after_minutes=30']);
    const hook = await ctx.as(company).post('/v2/webhooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['survey.finished'] });
    secret = hook.json().secret;
    const body = requestBody(agent);
    const uuid = await postRequest(ctx, company.api_key, body);
    const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(body.customer.email)));
    const token = tokenFromMail(mail.parsed);
    assert.equal((await ctx.app.inject(`/s/${token}/rate/5`)).statusCode, 303);
    const row = await interaction(ctx, uuid);
    const [scheduled] = await finishedRows(row.id);
    assert.equal(Number(scheduled.available_at), Number(row.response_received_at) + 30 * 60_000);
    assert.equal((await ctx.app.inject(`/s/${token}/rate/5`)).statusCode, 303);
    assert.ok((await interaction(ctx, uuid)).sequence_id > row.sequence_id);
    assert.equal((await finishedRows(row.id)).length, 1, 'later answers schedule nothing more');

    // Due before the survey has finished (here: brought forward): nothing is sent, it is scheduled again.
    // With the process's caches cold (another process changed credentials), as the outcome is
    // recorded inside the outbox transaction: on SQLite a read outside it would wait forever.
    ctx.services.credentials.clear();
    await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('id', '=', scheduled.id).execute();
    const again = await eventually(async () => {
      const rows = await finishedRows(row.id);
      return rows.length === 2 && rows[0].status === 'sent' ? rows[1] : null;
    });
    assert.deepEqual([again.status, Number(again.available_at)], ['pending', Number(row.response_received_at) + 30 * 60_000]);
    assert.equal(events.length, 0);

    // Finished: the first answer was 31 minutes ago.
    const firstAnswerAt = Date.now() - 31 * 60_000;
    await ctx.db.kysely.updateTable('interactions').set({ response_received_at: firstAnswerAt }).where('id', '=', row.id).execute();
    assert.match((await ctx.app.inject(`/s/${token}`)).body, /This survey is finished/);
    ctx.services.credentials.clear();
    await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('id', '=', again.id).execute();
    await eventually(async () => events.length > 0);
    await ctx.app.inject(`/s/${token}/rate/1`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const finished = await interaction(ctx, uuid);
    assert.deepEqual(events, [
      {
        type: 'survey.finished',
        timestamp: events[0].timestamp,
        data: { request_id: uuid, sequence_id: finished.sequence_id, finished_at: new Date(firstAnswerAt + 30 * 60_000).toISOString(), questions: ['agent_star_rating'] },
      },
    ]);
    assert.equal((await finishedRows(row.id)).filter((r) => r.status === 'pending').length, 0);
  });
});
