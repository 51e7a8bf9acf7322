import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createCompany, createEmployee } from './helpers/factories.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { csrfOf, eventually, startMailingApp, tokenFromMail } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ SMTP_FROM: 'surveys@agentconnect.test', PUBLIC_URL: 'https://feedback.example', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }));
});
after(() => close());

describe('the whole loop, through every module', () => {
  it('request → email → one-click rating → follow-ups → /v2/data and /v1/data/responses', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancakids'] });
    const agent = await createEmployee(ctx.services, company.id, { firstName: 'Samantha', email: 'samantha@blancapeak.com' });
    const api = ctx.as(company);
    const created = await api.post('/v1/requests', { customer: { email: 'simone@example.com', name: 'Simone' }, employee: { email: agent.email }, channel: 'chat', ext_interaction_id: 'T-1' });
    assert.equal(created.statusCode, 200, created.body);
    const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes('simone@example.com')));
    assert.equal(mail.parsed.to && 'text' in mail.parsed.to ? mail.parsed.to.text : '', 'simone@example.com');
    const token = tokenFromMail(mail.parsed);

    const rated = await ctx.app.inject({ method: 'GET', url: `/s/${token}/rate/5` });
    assert.ok(rated.statusCode < 400, `${rated.statusCode}`);
    const page = await ctx.app.inject({ method: 'GET', url: `/s/${token}` });
    const { cookie, csrf } = csrfOf(page);
    const answered = await ctx.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://feedback.example' },
      payload: new URLSearchParams({ csrf, shown_nps: '1', shown_fcr: '1', nps: '9', fcr: '1180' }).toString(),
    });
    assert.ok(answered.statusCode < 400, `${answered.statusCode} ${answered.body.slice(0, 200)}`);

    // The worker records "Sent" shortly after the SMTP server accepts the message.
    const interaction = await eventually(async () => {
      const data = await api.get('/v2/data');
      assert.equal(data.statusCode, 200, data.body);
      const [first] = data.json();
      return first?.request_delivery_status === 'Sent' ? first : null;
    });
    assert.equal(interaction.uuid, created.json().request_id);
    assert.equal(interaction.request_delivery_status, 'Sent');
    assert.ok(interaction.response_received_at);
    assert.equal(interaction.answers.agent_star_rating.selected_options['1075'].integer_value, 5);
    assert.equal(interaction.answers.agent_star_rating.question_id, 145);
    assert.equal(interaction.answers.nps.selected_options['1144'].option_text, '9');
    assert.equal(interaction.answers.fcr.selected_options['1180'].option_text, 'Yes');

    const responses = await api.get('/v1/data/responses');
    const [response] = responses.json().responses;
    assert.equal(response.request_id, created.json().request_id);
    assert.equal(response.star_rating, 5);
    assert.equal(response.nps, 9);
    assert.equal(response.fcr, true);
  });

  it('invite → welcome email over SMTP → set password → active', async () => {
    const company = await createCompany(ctx.services);
    const api = ctx.as(company);
    const before = sink.received.length;
    const invited = await api.post('/v2/employees/invite', { email: 'ada@example.com', first_name: 'Ada' });
    assert.equal(invited.statusCode, 201, invited.body);
    const mails = await sink.waitFor(before + 1);
    const mail = mails.find((m) => m.envelopeTo.includes('ada@example.com'))!;
    const link = /https:\/\/feedback\.example\/invite\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
    assert.ok(link, 'the welcome email carries a set-password link');
    const form = await ctx.app.inject({ method: 'GET', url: `/invite/${link[1]}` });
    assert.equal(form.statusCode, 200);
    const employee = await api.get('/v2/employees/ada%40example.com');
    assert.equal(employee.json().status, 'pending');
  });

  it('webhooks are delivered by the outbox worker, signed', async () => {
    const received: { body: string; verified: boolean }[] = [];
    let secret = '';
    const receiver = http.createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      let verified = true;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      received.push({ body, verified });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const company = await createCompany(ctx.services, { brands: ['solo'] });
      const agent = await createEmployee(ctx.services, company.id);
      const api = ctx.as(company);
      const endpoint = await api.post('/v2/webhooks', {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        events: ['recovery.created', 'response.created', 'response.updated', 'request.delivery_failed', 'survey.finished'],
      });
      secret = endpoint.json().secret;
      const initial = await api.post('/v1/requests', { customer: { email: 'w@example.com' }, employee: { email: agent.email }, channel: 'chat', do_not_send: true });
      await api.post('/v1/recoveries', { initial_feedback_request_id: initial.json().request_id, do_not_send: true });
      await eventually(async () => received.length >= 1);
      assert.equal(received[0].verified, true);
      assert.equal(JSON.parse(received[0].body).type, 'recovery.created');
      const log = await api.get(`/v2/webhooks/${endpoint.json().id}/deliveries`);
      await eventually(async () => {
        const fresh = await api.get(`/v2/webhooks/${endpoint.json().id}/deliveries`);
        return fresh.json().deliveries[0]?.status === 'delivered';
      });
      assert.equal(log.statusCode, 200);

      // A survey answer: response.created, then response.updated.
      const mailsBefore = sink.received.length;
      await api.post('/v1/requests', { customer: { email: 'answers@example.com' }, employee: { email: agent.email }, channel: 'chat' });
      const mails = await sink.waitFor(mailsBefore + 1);
      const token = tokenFromMail(mails.find((m) => m.envelopeTo.includes('answers@example.com'))!.parsed);
      await ctx.app.inject({ method: 'GET', url: `/s/${token}/rate/4` });
      const page = await ctx.app.inject({ method: 'GET', url: `/s/${token}` });
      const { cookie, csrf } = csrfOf(page);
      await ctx.app.inject({
        method: 'POST',
        url: `/s/${token}`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://feedback.example' },
        payload: new URLSearchParams({ csrf, shown_nps: '1', nps: '10' }).toString(),
      });
      // The survey finishes survey_finished_after_minutes (60) after its first answer: move that answer 2 h back.
      const answered = await ctx.db.kysely.selectFrom('interactions').select(['id', 'uuid', 'response_received_at']).where('customer_email', '=', 'answers@example.com').executeTakeFirstOrThrow();
      const due = await ctx.db.kysely.selectFrom('outbox').select('available_at').where('kind', '=', 'survey_finished').where('interaction_id', '=', answered.id).execute();
      assert.deepEqual(due.map((row) => Number(row.available_at)), [Number(answered.response_received_at) + 3_600_000]);
      const firstAnswerAt = Date.now() - 7_200_000;
      await ctx.db.kysely.updateTable('interactions').set({ response_received_at: firstAnswerAt }).where('id', '=', answered.id).execute();
      await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('kind', '=', 'survey_finished').where('interaction_id', '=', answered.id).execute();
      // A refused recipient: request.delivery_failed.
      sink.responder = (phase, address) => (phase === 'rcpt' && address === 'refused@example.com' ? { code: 550, message: 'no such user' } : undefined);
      await api.post('/v1/requests', { customer: { email: 'refused@example.com' }, employee: { email: agent.email }, channel: 'chat' });
      const types = await eventually(async () => {
        const seen = received.map((r) => JSON.parse(r.body).type);
        return ['response.created', 'response.updated', 'request.delivery_failed', 'survey.finished'].every((t) => seen.includes(t)) ? seen : null;
      }, 20_000);
      sink.responder = null;
      assert.ok(received.every((r) => r.verified));
      assert.equal(types.filter((t: string) => t === 'response.created').length, 1);
      const failed = JSON.parse(received.find((r) => JSON.parse(r.body).type === 'request.delivery_failed')!.body);
      assert.equal(failed.data.request_delivery_status, 'Bounced');
      const finished = received.filter((r) => JSON.parse(r.body).type === 'survey.finished').map((r) => JSON.parse(r.body).data);
      assert.deepEqual(finished, [
        { request_id: answered.uuid, sequence_id: finished[0].sequence_id, finished_at: new Date(firstAnswerAt + 3_600_000).toISOString(), questions: ['agent_star_rating', 'nps'] },
      ]);
    } finally {
      receiver.close();
    }
  });
});
