import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, interaction, outboxRows, postRequest, requestBody, startMailingApp, surveyCompany, tokenFromMail } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ SMTP_FROM: 'surveys@agentconnect.test', PUBLIC_URL: 'https://feedback.example' }));
});
after(() => close());

const mailsTo = (address: string) => sink.received.filter((mail) => mail.envelopeTo.includes(address));
const waitForMailTo = (address: string) => eventually(async () => mailsTo(address)[0]);

describe('survey email delivery', () => {
  it('sends the agent email over SMTP and records Sent', async () => {
    const { company, agent } = await surveyCompany(ctx, ['reply_to=agent']);
    const body = requestBody(agent);
    const uuid = await postRequest(ctx, company.api_key, body);
    const before = await interaction(ctx, uuid);
    const mail = await waitForMailTo(body.customer.email);
    const { parsed } = mail;
    assert.equal(parsed.from?.value[0].name, 'Samantha at Blanca Peak');
    assert.equal(parsed.from?.value[0].address, 'surveys@agentconnect.test');
    assert.equal(parsed.replyTo?.value[0].address, agent.email);
    assert.match(parsed.subject ?? '', /Samantha/);
    assert.ok(parsed.html && parsed.text, 'both parts');
    assert.match(parsed.text!, /How satisfied are you with the service you received from Samantha today\?/);
    assert.match(parsed.text!, /Ten years helping skiers/);
    assert.match(String(parsed.html), /<img src="https:\/\/cdn\.example\/samantha\.png"/);
    const token = tokenFromMail(parsed);
    for (const n of [1, 2, 3, 4, 5]) {
      assert.ok(String(parsed.html).includes(`https://feedback.example/s/${token}/rate/${n}`), `html star ${n}`);
      assert.ok(parsed.text!.includes(`https://feedback.example/s/${token}/rate/${n}`), `text star ${n}`);
    }
    assert.match(mail.raw, /(^|\n)List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?\n/);
    assert.match(mail.raw.replace(/\r\n[ \t]+/g, ' '), new RegExp(`List-Unsubscribe:\\s*<https://feedback\\.example/s/${token}/unsubscribe>`));
    assert.ok(String(parsed.html).includes(`https://feedback.example/s/${token}/unsubscribe`));

    const row = await eventually(async () => {
      const current = await interaction(ctx, uuid);
      return current.delivery_status === 'Sent' ? current : null;
    });
    assert.ok(row.sent_at! >= before.created_at);
    assert.ok(row.sequence_id > before.sequence_id, 'sending re-stamps the sequence id');
    const [outbox] = await outboxRows(ctx, row.id);
    assert.equal(outbox.status, 'sent');
    assert.equal(outbox.payload, '{}', 'the plain token is not kept once sent');
  });

  it('suppresses a second survey to the same customer and brand within the period', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const first = requestBody(agent);
    const firstId = await postRequest(ctx, company.api_key, first);
    const secondId = await postRequest(ctx, company.api_key, { ...first, customer: { ...first.customer, email: first.customer.email.toUpperCase() } });
    const otherBrandId = await postRequest(ctx, company.api_key, { ...first, brand: 'blancakids' });
    const second = await interaction(ctx, secondId);
    assert.equal(second.delivery_status, 'Suppressed');
    assert.equal((await outboxRows(ctx, second.id)).length, 0);
    await eventually(async () => (await interaction(ctx, otherBrandId)).delivery_status === 'Sent');
    await eventually(async () => (await interaction(ctx, firstId)).delivery_status === 'Sent');
    assert.equal(mailsTo(first.customer.email).length, 2, 'one per brand');

    await ctx.services.companies.setSettings(company.subdomain, ['suppression_days=0']);
    const thirdId = await postRequest(ctx, company.api_key, first);
    await eventually(async () => (await interaction(ctx, thirdId)).delivery_status === 'Sent');
  });

  it('stores do_not_send requests as Do Not Send and sends nothing', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const body = requestBody(agent, { do_not_send: true });
    const row = await interaction(ctx, await postRequest(ctx, company.api_key, body));
    assert.equal(row.delivery_status, 'Do Not Send');
    assert.equal((await outboxRows(ctx, row.id)).length, 0);
  });

  it('sends test-key surveys to the company test address, marked as a test', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const body = requestBody(agent);
    const uuid = await postRequest(ctx, company.test_api_key, body);
    const mail = await waitForMailTo(`qa@${company.subdomain}.example`);
    assert.match(mail.parsed.text!, /This is a test survey: answers are not stored\./);
    assert.equal(mailsTo(body.customer.email).length, 0);
    await eventually(async () => (await interaction(ctx, uuid)).delivery_status === 'Sent');
  });

  it('retries a 421 with backoff and then delivers', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const body = requestBody(agent);
    let refusals = 0;
    sink.responder = (phase, address) => (phase === 'rcpt' && address === body.customer.email && refusals++ < 2 ? { code: 421, message: 'Try again later' } : undefined);
    try {
      const uuid = await postRequest(ctx, company.api_key, body);
      await waitForMailTo(body.customer.email);
      const row = await eventually(async () => {
        const current = await interaction(ctx, uuid);
        return current.delivery_status === 'Sent' ? current : null;
      });
      const [outbox] = await outboxRows(ctx, row.id);
      assert.equal(outbox.attempts, 3);
      assert.equal(outbox.status, 'sent');
      assert.equal(refusals, 3);
      assert.equal(mailsTo(body.customer.email).length, 1);
    } finally {
      sink.responder = null;
    }
  });

  it('marks a refused recipient Bounced and a 5xx on data Failed, without retrying', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const bounced = requestBody(agent);
    const failed = requestBody(agent);
    sink.responder = (phase, address) => {
      if (phase === 'rcpt' && address === bounced.customer.email) return { code: 550, message: 'No such user' };
      if (phase === 'data' && address === failed.customer.email) return { code: 554, message: 'Message rejected' };
      return undefined;
    };
    try {
      const bouncedId = await postRequest(ctx, company.api_key, bounced);
      const failedId = await postRequest(ctx, company.api_key, failed);
      const b = await eventually(async () => {
        const row = await interaction(ctx, bouncedId);
        return row.delivery_status !== 'Pending' ? row : null;
      });
      const f = await eventually(async () => {
        const row = await interaction(ctx, failedId);
        return row.delivery_status !== 'Pending' ? row : null;
      });
      assert.equal(b.delivery_status, 'Bounced');
      assert.equal(f.delivery_status, 'Failed');
      assert.equal(b.sent_at, null);
      const [outbox] = await outboxRows(ctx, f.id);
      assert.equal(outbox.status, 'failed');
      assert.equal(outbox.attempts, 1);
      assert.match(outbox.last_error ?? '', /554/);
    } finally {
      sink.responder = null;
    }
  });

  it('service recoveries get the same email, linked to their parent', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const body = requestBody(agent);
    const parentId = await postRequest(ctx, company.api_key, body);
    await eventually(async () => mailsTo(body.customer.email).length === 1);
    const recoveryId = await postRequest(ctx, company.api_key, { initial_feedback_request_id: parentId }, '/v1/recoveries');
    await eventually(async () => mailsTo(body.customer.email).length === 2);
    const recovery = await eventually(async () => {
      const row = await interaction(ctx, recoveryId);
      return row.delivery_status === 'Sent' ? row : null;
    });
    assert.equal(recovery.is_recovery, 1);
    assert.equal(recovery.parent_id, (await interaction(ctx, parentId)).id);
    assert.notEqual(tokenFromMail(mailsTo(body.customer.email)[1].parsed), tokenFromMail(mailsTo(body.customer.email)[0].parsed));
  });
});
