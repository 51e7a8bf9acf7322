import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dkimVerify } from 'mailauth';
import { loadConfig } from '../src/config.ts';
import { createMailer, emailFileDirectory } from '../src/mail/mailer.ts';
import { dkimRecord } from '../src/mail/sending-doctor.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, requestBody, sendSurvey, startMailingApp, surveyCompany } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

// Every email is DKIM-signed when DKIM_* is configured: a survey email goes through the real
// pipeline (request, outbox worker, nodemailer, a real SMTP server) and the message as received
// is verified by mailauth against the TXT record the doctor command tells the operator to publish.

const DOMAIN = 'example.test';
const SELECTOR = 'ac2026';

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let dir: string;
let keyFile: string;
let record: string;

const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** A DNS resolver for mailauth that knows one TXT record: the selector's public key. */
function resolverFor(published: string) {
  return async (name: string, type: string) => {
    if (name === `${SELECTOR}._domainkey.${DOMAIN}` && type === 'TXT') return [[published.slice(0, 200), published.slice(200)]];
    throw Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' });
  };
}

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ac-dkim-'));
  keyFile = path.join(dir, 'dkim.pem');
  const privateKey = newKey();
  await fs.writeFile(keyFile, privateKey);
  record = dkimRecord({ domain: DOMAIN, selector: SELECTOR, privateKey }).value;
  ({ ctx, sink, close } = await startMailingApp({
    SMTP_FROM: `surveys@${DOMAIN}`,
    PUBLIC_URL: 'https://feedback.example',
    DKIM_DOMAIN: DOMAIN,
    DKIM_SELECTOR: SELECTOR,
    DKIM_PRIVATE_KEY_FILE: keyFile,
  }));
});
after(async () => {
  await close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function surveyEmail() {
  const { company, agent } = await surveyCompany(ctx);
  const body = requestBody(agent);
  await sendSurvey(ctx, sink, company.api_key, body);
  return eventually(async () => sink.received.find((mail) => mail.envelopeTo.includes(body.customer.email)));
}

describe('DKIM signing', () => {
  it('signs the survey email; mailauth verifies it as received, aligned with the From domain', async () => {
    const mail = await surveyEmail();
    assert.match(mail.raw, /^DKIM-Signature: v=1; a=rsa-sha256;/m);
    const { results } = await dkimVerify(mail.raw, { resolver: resolverFor(record) });
    assert.equal(results.length, 1);
    const [result] = results;
    assert.equal(result.status.result, 'pass', result.status.comment);
    assert.equal(result.signingDomain, DOMAIN);
    assert.equal(result.selector, SELECTOR);
    assert.equal(result.status.aligned, DOMAIN, 'DMARC alignment with the From header');
    const signature = /^DKIM-Signature:(.*(?:\r?\n[ \t].*)*)/m.exec(mail.raw)![1].replace(/\s+/g, '');
    assert.match(/;h=([^;]+)/.exec(signature)![1].toLowerCase(), /(^|:)subject(:|$)/, 'the subject is signed');
  });

  it('does not verify a tampered body, a tampered subject or another key', async () => {
    const mail = await surveyEmail();
    const resolver = resolverFor(record);
    const star = /\/rate\/5/.exec(mail.raw)!;
    const body = await dkimVerify(mail.raw.slice(0, star.index) + '/rate/1' + mail.raw.slice(star.index + star[0].length), { resolver });
    assert.notEqual(body.results[0].status.result, 'pass');
    assert.match(body.results[0].status.comment ?? '', /body hash did not verify/);

    const subject = await dkimVerify(mail.raw.replace(/^Subject: /m, 'Subject: Re: '), { resolver });
    assert.equal(subject.results[0].status.result, 'fail');

    const otherKey = dkimRecord({ domain: DOMAIN, selector: SELECTOR, privateKey: newKey() }).value;
    const wrongKey = await dkimVerify(mail.raw, { resolver: resolverFor(otherKey) });
    assert.equal(wrongKey.results[0].status.result, 'fail');
  });

  it('signs emails written to DATA_DIR/outbox too (no SMTP_URL)', async () => {
    const config = loadConfig({ DATA_DIR: dir, SMTP_FROM: `surveys@${DOMAIN}`, DKIM_DOMAIN: DOMAIN, DKIM_SELECTOR: SELECTOR, DKIM_PRIVATE_KEY_FILE: keyFile, LOG_LEVEL: 'silent' });
    const mailer = createMailer(config);
    try {
      const sent = await mailer.send({ from: { name: 'Samantha', address: `surveys@${DOMAIN}` }, to: 'simone@example.com', subject: 'How did we do?', text: 'Rate us', html: '<p>Rate us</p>' });
      const file = sent.response.replace(/^written to /, '');
      assert.equal(path.dirname(file), emailFileDirectory(config));
      const { results } = await dkimVerify(await fs.readFile(file), { resolver: resolverFor(record) });
      assert.equal(results[0].status.result, 'pass', results[0].status.comment);
    } finally {
      mailer.close();
    }
  });
});
