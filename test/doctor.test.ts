import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer, Packet, type DnsServer } from 'dns2';
import { dkimRecord } from '../src/mail/sending-doctor.ts';
import { runCli } from './helpers/cli.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';

// `agent-connect doctor` as a real process against a real DNS server (dns2 on loopback UDP)
// serving each case's SPF, DKIM and DMARC records, and a real SMTP server for the EHLO check.

/** RFC 1035 response code: the name does not exist. */
const NXDOMAIN = 3;
const SELECTOR = 'ac2026';

const zone = new Map<string, string[][]>();
let dns: DnsServer;
let dnsServer: string;
let sink: SmtpSink;
let dir: string;
let keyFile: string;
let publicRecord: string;

const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** Publishes TXT records; a long value goes as strings of at most 255 characters, as a zone file would hold it. */
function publish(name: string, ...values: string[]): void {
  zone.set(name, values.map((value) => value.match(/.{1,255}/g)!));
}

/** Publishes a sending domain whose records are all right (SPF, this key at the selector, DMARC). */
function goodDomain(domain: string): void {
  publish(domain, 'google-site-verification=abc', 'v=spf1 ip4:127.0.0.1 -all');
  publish(`${SELECTOR}._domainkey.${domain}`, publicRecord);
  publish(`_dmarc.${domain}`, `v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}`);
}

function env(domain: string, overrides: Record<string, string> = {}) {
  return { DATA_DIR: dir, LOG_LEVEL: 'silent', SMTP_URL: sink.url, SMTP_FROM: `surveys@${domain}`, DKIM_DOMAIN: domain, DKIM_SELECTOR: SELECTOR, DKIM_PRIVATE_KEY_FILE: keyFile, ...overrides };
}

const lineOf = (stdout: string, check: string) => stdout.split('\n').find((line) => line.split(/\s+/)[1] === check) ?? '';

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ac-doctor-'));
  keyFile = path.join(dir, 'dkim.pem');
  const privateKey = newKey();
  await fs.writeFile(keyFile, privateKey);
  publicRecord = dkimRecord({ domain: 'example.test', selector: SELECTOR, privateKey }).value;
  sink = await startSmtpSink();
  dns = createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const records = zone.get(question.name.toLowerCase());
      if (!records) response.header.rcode = NXDOMAIN;
      for (const data of records ?? []) response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data } as never);
      void send(response);
    },
  });
  const addresses = await dns.listen({ udp: { port: 0, address: '127.0.0.1' } });
  dnsServer = `127.0.0.1:${addresses.udp!.port}`;
});
after(async () => {
  await dns.close();
  await sink.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('agent-connect doctor', () => {
  it('says OK for every check of a well set-up domain, in text and in JSON', async () => {
    goodDomain('good.test');
    const text = await runCli(env('good.test'), 'doctor', '--dns-server', dnsServer);
    assert.equal(text.code, 0, text.stdout + text.stderr);
    for (const check of ['spf', 'dkim', 'alignment', 'dmarc', 'smtp']) assert.match(lineOf(text.stdout, check), /^OK /, `${check}: ${text.stdout}`);
    assert.match(text.stdout, /all checks passed/);
    assert.doesNotMatch(text.stdout, /publish:/);

    const json = await runCli(env('good.test'), 'doctor', '--json', '--dns-server', dnsServer);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: { check: string; status: string; record?: { name: string; value: string } }[] };
    assert.equal(report.ok, true);
    assert.deepEqual(report.checks.map((c) => `${c.check}:${c.status}`), ['spf:OK', 'dkim:OK', 'alignment:OK', 'dmarc:OK', 'smtp:OK']);
    assert.equal(report.checks.find((c) => c.check === 'spf')!.record!.value, 'v=spf1 ip4:127.0.0.1 -all');
    assert.equal(report.checks.find((c) => c.check === 'dmarc')!.record!.value, 'v=DMARC1; p=quarantine; rua=mailto:dmarc@good.test');
  });

  it('warns about a missing DMARC record with the record to publish, an SPF ending in +all and a DKIM domain out of alignment', async () => {
    goodDomain('nodmarc.test');
    zone.delete('_dmarc.nodmarc.test');
    publish('nodmarc.test', 'v=spf1 a mx +all');
    goodDomain('other.test');
    const result = await runCli(env('nodmarc.test', { DKIM_DOMAIN: 'other.test' }), 'doctor', '--dns-server', dnsServer);
    assert.equal(result.code, 0, 'warnings do not fail');
    assert.match(lineOf(result.stdout, 'dmarc'), /^WARN .*no DMARC record at _dmarc\.nodmarc\.test/);
    assert.ok(result.stdout.includes('publish: _dmarc.nodmarc.test TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@nodmarc.test"'), result.stdout);
    assert.match(lineOf(result.stdout, 'spf'), /^WARN .*\+all/);
    assert.match(lineOf(result.stdout, 'alignment'), /^WARN .*other\.test does not align with the From domain nodmarc\.test/);
    assert.match(lineOf(result.stdout, 'dkim'), /^OK /);
    assert.match(result.stdout, /no failures, 3 warning\(s\)/);
  });

  it('fails with exit code 1 on a DKIM record of another key, printing the exact record to publish', async () => {
    goodDomain('wrongkey.test');
    publish(`${SELECTOR}._domainkey.wrongkey.test`, dkimRecord({ domain: 'wrongkey.test', selector: SELECTOR, privateKey: newKey() }).value);
    const result = await runCli(env('wrongkey.test'), 'doctor', '--dns-server', dnsServer);
    assert.equal(result.code, 1, result.stdout);
    assert.match(lineOf(result.stdout, 'dkim'), /^FAIL .*not the public key of DKIM_PRIVATE_KEY_FILE/);
    assert.ok(result.stdout.includes(`publish: ${SELECTOR}._domainkey.wrongkey.test TXT "${publicRecord}"`), result.stdout);
    assert.match(result.stdout, /zone file: ac2026\._domainkey\.wrongkey\.test\. IN TXT \( "v=DKIM1; k=rsa; p=[^"]{237}" "[^"]+" \)/);
    assert.match(result.stdout, /1 check\(s\) failed/);

    zone.delete(`${SELECTOR}._domainkey.wrongkey.test`);
    const missing = await runCli(env('wrongkey.test'), 'doctor', '--json', '--dns-server', dnsServer);
    assert.equal(missing.code, 1);
    const dkim = (JSON.parse(missing.stdout) as { checks: { check: string; status: string; record: { value: string } }[] }).checks.find((c) => c.check === 'dkim')!;
    assert.equal(dkim.status, 'FAIL');
    assert.equal(dkim.record.value, publicRecord);

    const edKey = path.join(dir, 'ed25519.pem');
    await fs.writeFile(edKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const ed25519 = await runCli(env('good.test', { DKIM_PRIVATE_KEY_FILE: edKey }), 'doctor', '--dns-server', dnsServer);
    assert.equal(ed25519.code, 1);
    assert.match(lineOf(ed25519.stdout, 'dkim'), /^FAIL .*ed25519 key: nodemailer signs with RSA only/);
  });

  it('without a reachable DNS server, says so and prints every record to publish; an unreachable SMTP_URL fails', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const closedPort = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));

    const result = await runCli(env('offline.test', { SMTP_URL: 'smtp://user:s3cret@127.0.0.1:1' }), 'doctor', '--dns-server', `127.0.0.1:${closedPort}`);
    assert.equal(result.code, 1, 'the SMTP check fails');
    for (const check of ['spf', 'dkim', 'dmarc']) assert.match(lineOf(result.stdout, check), /^WARN .*DNS not reachable.*here is what to publish/, result.stdout);
    assert.ok(result.stdout.includes('publish: offline.test TXT "v=spf1 ip4:127.0.0.1 ~all"'), result.stdout);
    assert.ok(result.stdout.includes(`publish: ${SELECTOR}._domainkey.offline.test TXT "${publicRecord}"`));
    assert.ok(result.stdout.includes('publish: _dmarc.offline.test TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@offline.test"'));
    assert.match(lineOf(result.stdout, 'smtp'), /^FAIL smtp +smtp:\/\/127\.0\.0\.1:1 is not reachable/);
    assert.doesNotMatch(result.stdout + result.stderr, /s3cret/, 'the SMTP password is never printed');
  });
});
