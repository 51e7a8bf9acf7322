import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SnsVerifier } from '../src/modules/email-events/sns-verifier.ts';
import { FakeSns, fixtureJson, mailgunSigned, sendgridKeys } from './helpers/email-events.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker, interaction, outboxRows, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-events';
const MAILGUN_KEY = 'key-mailgun-signing-test';
const POSTMARK = { user: 'postmark-hook', password: 'p0stm4rk-s3cret' };
const INBOUND = 'inbound-token-for-tests';

let ctx: TestContext;
let sink: SmtpSink;
let worker: { stop(): Promise<void> };
const sns = new FakeSns();
const sendgrid = sendgridKeys();

before(async () => {
  sink = await startSmtpSink();
  await sns.start();
  ctx = await createTestContext({
    SMTP_URL: sink.url,
    SMTP_FROM: 'surveys@agentconnect.test',
    PUBLIC_URL: 'https://feedback.example',
    BOUNCE_ADDRESS: 'bounces@mail.agentconnect.test',
    SES_SNS_TOPIC_ARNS: TOPIC,
    SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKey,
    POSTMARK_WEBHOOK_USER: POSTMARK.user,
    POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
    MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
    INBOUND_EMAIL_TOKEN: INBOUND,
  });
  // Certificates and confirmations come from the local stand-in: its host is allowed in code, never by configuration.
  ctx.services.emailEventReceivers.sns = new SnsVerifier({ protocols: ['http:'], host: /^127\.0\.0\.1:\d+$/ });
  worker = fastWorker(ctx);
});
after(async () => {
  await worker.stop();
  await ctx.close();
  await sink.close();
  await sns.close();
});

/** Sends a survey through the real pipeline and reads its reference back from the message the SMTP server received. */
async function sentSurvey() {
  const { company, agent } = await surveyCompany(ctx);
  await ctx.as(company).post('/v2/webhooks', { url: 'https://hooks.example/agent-connect', events: ['request.delivery_failed'] });
  const body = requestBody(agent);
  const uuid = await postRequest(ctx, company.api_key, body);
  const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(body.customer.email)));
  const ref = String(mail.parsed.headers.get('x-agent-connect-ref'));
  await eventually(async () => (await interaction(ctx, uuid)).delivery_status === 'Sent');
  return { company, agent, body, uuid, ref, to: body.customer.email, mail };
}

async function deliveryFailedWebhooks(companyId: number) {
  const rows = await ctx.db.kysely.selectFrom('webhook_deliveries').select(['payload']).where('company_id', '=', companyId).where('event_type', '=', 'request.delivery_failed').execute();
  return rows.map((row) => JSON.parse(row.payload).data as { request_id: string; request_delivery_status: string; reason: string });
}

async function suppression(companyId: number, email: string) {
  return ctx.db.kysely.selectFrom('unsubscribes').select(['reason']).where('company_id', '=', companyId).where('email_key', '=', email.toLowerCase()).executeTakeFirst();
}

async function deliveredInRollups(companyId: number): Promise<number> {
  const row = await ctx.db.kysely.selectFrom('report_rollups').select((eb) => eb.fn.sum<number>('delivered').as('n')).where('company_id', '=', companyId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

const post = (url: string, payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) => ctx.app.inject({ method: 'POST', url, headers, payload });

function sesNotification(fixture: string, target: { ref: string; to: string }, options: { version?: '1' | '2' } = {}) {
  return JSON.stringify(sns.message('Notification', TOPIC, JSON.stringify(fixtureJson(fixture, target)), options));
}

describe('survey email references', () => {
  it('every survey email carries its reference: Message-ID, X-Agent-Connect-Ref, the services\' metadata and the VERP sender', async () => {
    const { mail, ref, uuid } = await sentSurvey();
    assert.match(ref, /^[0-9a-f]{32}$/);
    assert.equal(mail.parsed.messageId, `<${ref}@mail.agentconnect.test>`);
    assert.equal(mail.envelopeFrom, `bounces+${ref}@mail.agentconnect.test`);
    assert.deepEqual(JSON.parse(String(mail.parsed.headers.get('x-mailgun-variables'))), { ac_ref: ref });
    assert.deepEqual(JSON.parse(String(mail.parsed.headers.get('x-smtpapi'))), { unique_args: { ac_ref: ref } });
    assert.equal(mail.parsed.headers.get('x-pm-metadata-ac-ref'), ref);
    assert.match(mail.raw, /(^|\n)List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?\n/, 'the one-click unsubscribe header is kept');
    const stored = await ctx.db.kysely.selectFrom('surveys').innerJoin('interactions', 'interactions.id', 'surveys.interaction_id').select('surveys.email_ref').where('interactions.uuid', '=', uuid).executeTakeFirstOrThrow();
    assert.equal(stored.email_ref, ref);
  });
});

describe('Amazon SES through SNS', () => {
  it('a hard bounce marks the request Bounced, suppresses the address and queues request.delivery_failed, once', async () => {
    const sent = await sentSurvey();
    const before = await interaction(ctx, sent.uuid);
    assert.ok((await deliveredInRollups(sent.company.id)) > 0);

    const notification = sesNotification('ses-bounce.json', sent);
    const response = await post('/email-events/ses', notification, { 'content-type': 'text/plain; charset=UTF-8' });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().outcomes, ['applied']);

    const row = await interaction(ctx, sent.uuid);
    assert.equal(row.delivery_status, 'Bounced');
    assert.equal(row.sent_at, null);
    assert.ok(row.sequence_id > before.sequence_id, 'the change takes a new sequence_id');
    assert.equal(await deliveredInRollups(sent.company.id), 0, 'requests_delivered drops with the bounce');
    const data = (await ctx.as(sent.company).get('/v2/data')).json() as { uuid: string; request_delivery_status: string }[];
    assert.equal(data.find((record) => record.uuid === sent.uuid)?.request_delivery_status, 'Bounced');
    assert.deepEqual((await suppression(sent.company.id, sent.to))?.reason, 'bounce');
    const webhooks = await deliveryFailedWebhooks(sent.company.id);
    assert.equal(webhooks.length, 1);
    assert.equal(webhooks[0].request_id, sent.uuid);
    assert.equal(webhooks[0].request_delivery_status, 'Bounced');
    assert.match(webhooks[0].reason, /hard bounce reported by ses: Permanent General 5\.1\.1/);
    const events = await ctx.services.emailEvents.events(sent.company.id, row.id);
    assert.deepEqual(events.map((event) => [event.provider, event.kind]), [['ses', 'hard_bounce']]);

    const again = await post('/email-events/ses', notification, { 'content-type': 'text/plain; charset=UTF-8' });
    assert.deepEqual(again.json().outcomes, ['duplicate'], 'SNS redelivers the same MessageId');
    assert.equal((await deliveryFailedWebhooks(sent.company.id)).length, 1);
    assert.equal((await interaction(ctx, sent.uuid)).sequence_id, row.sequence_id);

    const next = await interaction(ctx, await postRequest(ctx, sent.company.api_key, { ...requestBody(sent.agent), customer: { name: 'Simone', email: sent.to.toUpperCase() } }));
    assert.equal(next.delivery_status, 'Suppressed', 'a new request to the bounced address is not sent');
    assert.equal((await outboxRows(ctx, next.id)).length, 0);
  });

  it('a complaint unsubscribes the address and keeps the request Sent (SignatureVersion 1)', async () => {
    const sent = await sentSurvey();
    const response = await post('/email-events/ses', sesNotification('ses-complaint.json', sent, { version: '1' }));
    assert.deepEqual(response.json().outcomes, ['applied']);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Sent');
    assert.equal((await suppression(sent.company.id, sent.to))?.reason, 'complaint');
    const next = await interaction(ctx, await postRequest(ctx, sent.company.api_key, { ...requestBody(sent.agent), customer: { name: 'Simone', email: sent.to } }));
    assert.equal(next.delivery_status, 'Unsubscribed');
  });

  it('confirms a subscription of an allowed topic by a GET of its SubscribeURL', async () => {
    const confirmation = sns.message('SubscriptionConfirmation', TOPIC, 'You have chosen to subscribe to the topic.');
    const response = await post('/email-events/ses', JSON.stringify(confirmation));
    assert.equal(response.statusCode, 200, response.body);
    assert.ok(sns.confirmations.some((url) => url.includes(confirmation.Token)));

    const elsewhere = sns.message('SubscriptionConfirmation', TOPIC, 'x', { subscribeUrl: 'http://169.254.169.254/latest/meta-data/' });
    assert.equal((await post('/email-events/ses', JSON.stringify(elsewhere))).statusCode, 400, 'a SubscribeURL off the SNS hosts is never fetched');
    const otherTopic = sns.message('SubscriptionConfirmation', 'arn:aws:sns:us-east-1:123456789012:someone-else', 'x');
    assert.equal((await post('/email-events/ses', JSON.stringify(otherTopic))).statusCode, 401);
    assert.equal(sns.confirmations.length, 1);
  });

  it('refuses a forged signature, a certificate off the SNS hosts and a topic not configured with 401', async () => {
    const sent = await sentSurvey();
    const forged = JSON.parse(sesNotification('ses-bounce.json', sent));
    forged.Message = forged.Message.replace('Permanent', 'Transient');
    assert.equal((await post('/email-events/ses', JSON.stringify(forged))).statusCode, 401);
    const offHost = sns.message('Notification', TOPIC, JSON.stringify(fixtureJson('ses-bounce.json', sent)), { certUrl: 'http://localhost:1/cert.pem' });
    assert.equal((await post('/email-events/ses', JSON.stringify(offHost))).statusCode, 401);
    const wrongTopic = sns.message('Notification', 'arn:aws:sns:us-east-1:123456789012:other', JSON.stringify(fixtureJson('ses-bounce.json', sent)));
    assert.equal((await post('/email-events/ses', JSON.stringify(wrongTopic))).statusCode, 401);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Sent');
    assert.equal(await suppression(sent.company.id, sent.to), undefined);
  });

  it('answers 200 and ignores an event for an unknown reference', async () => {
    const response = await post('/email-events/ses', sesNotification('ses-bounce.json', { ref: 'f'.repeat(32), to: 'nobody@example.com' }));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().outcomes, ['unknown']);
  });
});

describe('SendGrid', () => {
  it('verifies the ECDSA signature and applies bounce events; a bad signature is refused', async () => {
    const sent = await sentSurvey();
    const events = fixtureJson('sendgrid-events.json', sent).events.map((event: Record<string, unknown>) => ({ ...event, sg_event_id: randomUUID() }));
    const body = JSON.stringify(events);
    const other = sendgridKeys();
    const forged = await post('/email-events/sendgrid', body, other.headers(body, other.privateKey));
    assert.equal(forged.statusCode, 401);
    const tampered = await post('/email-events/sendgrid', body.replace('bounce', 'bounce '), sendgrid.headers(body));
    assert.equal(tampered.statusCode, 401);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Sent');

    const response = await post('/email-events/sendgrid', body, sendgrid.headers(body));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().outcomes, ['ignored', 'applied'], 'processed is no bounce');
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Bounced');
    assert.equal((await suppression(sent.company.id, sent.to))?.reason, 'bounce');
    assert.deepEqual((await post('/email-events/sendgrid', body, sendgrid.headers(body))).json().outcomes, ['ignored', 'duplicate']);
    assert.equal((await deliveryFailedWebhooks(sent.company.id)).length, 1);
  });
});

describe('Postmark', () => {
  const auth = (user: string, password: string) => ({ 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

  it('accepts its basic credentials only, and applies a hard bounce and a spam complaint', async () => {
    const sent = await sentSurvey();
    const bounce = JSON.stringify({ ...fixtureJson('postmark-bounce.json', sent), ID: Date.now() });
    const wrong = await post('/email-events/postmark', bounce, auth(POSTMARK.user, 'guess'));
    assert.equal(wrong.statusCode, 401);
    assert.equal((await post('/email-events/postmark', bounce)).statusCode, 401, 'no credentials');
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Sent');
    const response = await post('/email-events/postmark', bounce, auth(POSTMARK.user, POSTMARK.password));
    assert.deepEqual(response.json().outcomes, ['applied']);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Bounced');

    const other = await sentSurvey();
    const complaint = JSON.stringify({ ...fixtureJson('postmark-spam-complaint.json', other), ID: Date.now() + 1 });
    assert.deepEqual((await post('/email-events/postmark', complaint, auth(POSTMARK.user, POSTMARK.password))).json().outcomes, ['applied']);
    assert.equal((await suppression(other.company.id, other.to))?.reason, 'complaint');
    assert.equal((await interaction(ctx, other.uuid)).delivery_status, 'Sent');
  });
});

describe('Mailgun', () => {
  const withId = (body: Record<string, any>) => ({ ...body, 'event-data': { ...body['event-data'], id: randomUUID() } });

  it('verifies the HMAC, refuses stale timestamps and replayed tokens, and applies a permanent failure', async () => {
    const sent = await sentSurvey();
    const event = withId(fixtureJson('mailgun-failed-permanent.json', sent));
    assert.equal((await post('/email-events/mailgun', JSON.stringify(mailgunSigned(event, 'not-the-key')))).statusCode, 401);
    assert.equal((await post('/email-events/mailgun', JSON.stringify(mailgunSigned(event, MAILGUN_KEY, { ageSeconds: 3600 })))).statusCode, 406);
    const signed = JSON.stringify(mailgunSigned(event, MAILGUN_KEY));
    const response = await post('/email-events/mailgun', signed);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().outcomes, ['applied']);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Bounced');
    assert.equal((await post('/email-events/mailgun', signed)).statusCode, 406, 'a replayed token');
    assert.deepEqual((await post('/email-events/mailgun', JSON.stringify(mailgunSigned(event, MAILGUN_KEY)))).json().outcomes, ['duplicate']);
    assert.equal((await deliveryFailedWebhooks(sent.company.id)).length, 1);
  });

  it('records the request Failed after three temporary failures, without suppressing the address', async () => {
    const sent = await sentSurvey();
    for (let i = 1; i <= 3; i++) {
      const response = await post('/email-events/mailgun', JSON.stringify(mailgunSigned(withId(fixtureJson('mailgun-failed-temporary.json', sent)), MAILGUN_KEY)));
      assert.deepEqual(response.json().outcomes, ['applied']);
      assert.equal((await interaction(ctx, sent.uuid)).delivery_status, i < 3 ? 'Sent' : 'Failed', `after ${i} soft bounce(s)`);
    }
    assert.equal(await suppression(sent.company.id, sent.to), undefined);
    const webhooks = await deliveryFailedWebhooks(sent.company.id);
    assert.deepEqual(webhooks.map((w) => w.request_delivery_status), ['Failed']);
  });

  it('a complaint unsubscribes the address', async () => {
    const sent = await sentSurvey();
    const response = await post('/email-events/mailgun', JSON.stringify(mailgunSigned(withId(fixtureJson('mailgun-complained.json', sent)), MAILGUN_KEY)));
    assert.deepEqual(response.json().outcomes, ['applied']);
    assert.equal((await suppression(sent.company.id, sent.to))?.reason, 'complaint');
  });
});
