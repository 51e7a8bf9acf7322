import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../src/config.ts';
import { parseDsn } from '../src/modules/email-events/dsn-parser.ts';
import { runCliWithInput } from './helpers/cli.ts';
import { fixtureText } from './helpers/email-events.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker, interaction, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const INBOUND = 'inbound-token-for-dsn-tests';

let ctx: TestContext;
let sink: SmtpSink;
let worker: { stop(): Promise<void> };

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, SMTP_FROM: 'surveys@agentconnect.test', BOUNCE_ADDRESS: 'bounces@mail.agentconnect.test', INBOUND_EMAIL_TOKEN: INBOUND });
  worker = fastWorker(ctx);
});
after(async () => {
  await worker.stop();
  await ctx.close();
  await sink.close();
});

async function sentSurvey() {
  const { company, agent } = await surveyCompany(ctx);
  const body = requestBody(agent);
  const uuid = await postRequest(ctx, company.api_key, body);
  const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(body.customer.email)));
  await eventually(async () => (await interaction(ctx, uuid)).delivery_status === 'Sent');
  return { company, agent, uuid, to: body.customer.email, ref: String(mail.parsed.headers.get('x-agent-connect-ref')), verp: mail.envelopeFrom };
}

const inbound = (message: string, headers: Record<string, string> = { authorization: `Bearer ${INBOUND}`, 'content-type': 'message/rfc822' }) =>
  ctx.app.inject({ method: 'POST', url: '/email-events/inbound', headers, payload: message });

async function suppressed(companyId: number, email: string) {
  return (await ctx.db.kysely.selectFrom('unsubscribes').select('reason').where('company_id', '=', companyId).where('email_key', '=', email).executeTakeFirst())?.reason;
}

describe('delivery status notifications (RFC 3464)', () => {
  it('parses a Postfix bounce: the VERP recipient, Action failed, Status 5.1.1', async () => {
    const ref = 'a'.repeat(32);
    const event = await parseDsn(fixtureText('dsn-postfix-hard.eml', { ref, to: 'simone@example.com', dsnId: 'one' }));
    assert.deepEqual(event, {
      provider: 'dsn',
      eventKey: '<one@mx.agentconnect.test>:simone@example.com',
      ref,
      kind: 'hard_bounce',
      final: true,
      detail: 'failed 5.1.1 550 5.1.1 <simone@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
    });
    const delayed = await parseDsn(fixtureText('dsn-postfix-delayed.eml', { ref, to: 'simone@example.com' }));
    assert.equal(delayed?.kind, 'soft_bounce');
    assert.equal(delayed?.final, false);
    assert.equal(await parseDsn('From: a@example.com\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n'), null, 'an auto-reply is no report');
  });

  it('a Postfix hard bounce piped to POST /email-events/inbound bounces the request and suppresses the address, once', async () => {
    const sent = await sentSurvey();
    assert.equal(sent.verp, `bounces+${sent.ref}@mail.agentconnect.test`);
    const report = fixtureText('dsn-postfix-hard.eml', sent);
    assert.equal((await inbound(report, { authorization: 'Bearer wrong', 'content-type': 'message/rfc822' })).statusCode, 401);
    assert.equal((await inbound(report, { 'content-type': 'message/rfc822' })).statusCode, 401);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Sent');
    const response = await inbound(report);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().outcomes, ['applied']);
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Bounced');
    assert.equal(await suppressed(sent.company.id, sent.to), 'bounce');
    assert.deepEqual((await inbound(report, { authorization: `Bearer ${INBOUND}`, 'content-type': 'text/plain' })).json().outcomes, ['duplicate']);
  });

  it('an Exchange non-delivery report to the From address is matched by the returned message\'s Message-ID', async () => {
    const sent = await sentSurvey();
    const response = await inbound(fixtureText('dsn-exchange-hard.eml', sent));
    assert.deepEqual(response.json().outcomes, ['applied']);
    const row = await interaction(ctx, sent.uuid);
    assert.equal(row.delivery_status, 'Bounced');
    const [event] = await ctx.services.emailEvents.events(sent.company.id, row.id);
    assert.match(event.detail, /5\.1\.10 550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound/);
  });

  it('delay warnings are soft bounces: the third records the request Failed', async () => {
    const sent = await sentSurvey();
    for (let i = 1; i <= 3; i++) {
      assert.deepEqual((await inbound(fixtureText('dsn-postfix-delayed.eml', sent))).json().outcomes, ['applied']);
      assert.equal((await interaction(ctx, sent.uuid)).delivery_status, i < 3 ? 'Sent' : 'Failed');
    }
    assert.equal(await suppressed(sent.company.id, sent.to), undefined, 'a soft bounce suppresses nothing');
  });

  it('`agent-connect email-event dsn` reads a report on stdin', async () => {
    const sent = await sentSurvey();
    const result = await runCliWithInput(ctx.env, fixtureText('dsn-postfix-hard.eml', sent), 'email-event', 'dsn');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'applied');
    assert.equal((await interaction(ctx, sent.uuid)).delivery_status, 'Bounced');
    const unknown = await runCliWithInput(ctx.env, fixtureText('dsn-postfix-hard.eml', { ref: 'b'.repeat(32), to: 'x@example.com' }), 'email-event', 'dsn', '--json');
    assert.deepEqual(JSON.parse(unknown.stdout), { outcome: 'unknown' });
  });

  it('refuses other media types with 415', async () => {
    const response = await inbound('{}', { authorization: `Bearer ${INBOUND}`, 'content-type': 'application/json' });
    assert.equal(response.statusCode, 415);
  });
});

describe('a server without the services\' secrets', () => {
  it('answers 404 on every receiver, and logs a refused signature without the secret', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const bare = await createTestContext({ LOG_LEVEL: 'warn', MAILGUN_WEBHOOK_SIGNING_KEY: 'mailgun-key-never-logged' }, { logStream: stream });
    try {
      for (const service of ['ses', 'sendgrid', 'postmark', 'inbound']) {
        const response = await bare.app.inject({ method: 'POST', url: `/email-events/${service}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
        assert.equal(response.statusCode, 404, service);
      }
      const forged = { signature: { timestamp: String(Math.floor(Date.now() / 1000)), token: randomUUID(), signature: '0'.repeat(64) }, 'event-data': { event: 'failed' } };
      const response = await bare.app.inject({ method: 'POST', url: '/email-events/mailgun', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(forged) });
      assert.equal(response.statusCode, 401);
      const log = lines.join('');
      assert.match(log, /delivery event refused/);
      assert.match(log, /"provider":"mailgun"/);
      assert.doesNotMatch(log, /mailgun-key-never-logged/);
    } finally {
      await bare.close();
    }
  });
});

describe('delivery-event configuration', () => {
  it("accepts SendGrid's base64 ECDSA verification key and names a wrong one", () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    assert.equal(loadConfig({ SENDGRID_WEBHOOK_PUBLIC_KEY: ec }).emailEvents.sendgridPublicKey, ec);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    for (const value of ['not-a-key', rsa]) {
      assert.throws(() => loadConfig({ SENDGRID_WEBHOOK_PUBLIC_KEY: value }), (error: Error) => error instanceof ConfigError && error.message.includes('SENDGRID_WEBHOOK_PUBLIC_KEY'));
    }
    assert.throws(() => loadConfig({ POSTMARK_WEBHOOK_USER: 'u' }), (error: Error) => error instanceof ConfigError && error.message.includes('POSTMARK_WEBHOOK_PASSWORD'));
  });
});
