import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createMailer } from '../../src/mail/mailer.ts';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee, seedRequestBody } from '../helpers/factories.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';

/** A real, small file system (tmpfs; the test runs as root, as CI does), filled up on demand. */
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-full-disk-'));
const filler = path.join(mountPoint, 'filler');
let mounted = false;
let ctx: TestContext | null = null;
let logs = '';
let company: CompanyCredentials;
let employee: { email: string; custom_id: string | null };

function fillDisk(): void {
  const fd = fs.openSync(filler, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  try {
    for (;;) fs.writeSync(fd, chunk.subarray(0, 512));
  } catch {
    // the last blocks too
  } finally {
    fs.closeSync(fd);
  }
}

const freeDisk = () => fs.rmSync(filler, { force: true });

before(async () => {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
  mounted = true;
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  ctx = await createTestContext({ DATABASE_URL: `sqlite:${path.join(mountPoint, 'agent-connect.db')}`, DATA_DIR: mountPoint, LOG_LEVEL: 'error' }, { logStream });
  company = await createCompany(ctx.services, { brands: ['solo'] });
  employee = await createEmployee(ctx.services, company.id);
});

after(async () => {
  await ctx?.close();
  if (mounted) execFileSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

const post = (i: number) =>
  ctx!.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': company.api_key }, payload: seedRequestBody(employee, { brand: undefined, customer: { email: `c${i}@example.com` } }) });

describe('a full disk (SQLite, the .eml outbox)', () => {
  it('answers 500 without crashing, logs the real cause, reports not-ready, and recovers when space returns', async () => {
    assert.equal((await post(0)).statusCode, 200);
    const mimic = await ctx!.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': company.api_key }, payload: { ...seedRequestBody(employee, { brand: undefined }), 'database or disk is full': 1 } });
    assert.equal(mimic.statusCode, 400, 'a client naming the error in a body');
    assert.equal((await ctx!.app.inject('/readyz')).statusCode, 200, 'does not make the server not-ready');
    fillDisk();
    try {
      const refused = await post(1);
      assert.equal(refused.statusCode, 500, refused.body);
      assert.doesNotMatch(refused.body, /disk|SQLITE/i, 'no internal detail in the answer');
      assert.match(logs, /database or disk is full/, 'the real cause is logged');
      assert.doesNotMatch(logs, /cannot rollback/, 'not hidden by a failed rollback');
      const ready = await ctx!.app.inject('/readyz');
      assert.equal(ready.statusCode, 503, ready.body);
      assert.match(ready.json().status, /storage full/);
      assert.equal((await ctx!.app.inject('/healthz')).statusCode, 200, 'the process is alive');
    } finally {
      freeDisk();
    }
    const accepted = await post(2);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal((await ctx!.app.inject('/readyz')).statusCode, 200, 'ready again once a write succeeds');
  });

  it('writes no .eml file, not even an empty one, when the disk is full; the whole file once there is room', async () => {
    const mailer = createMailer({ ...ctx!.config, smtpUrl: null, dataDir: mountPoint });
    const outbox = path.join(mountPoint, 'outbox');
    fs.mkdirSync(outbox, { recursive: true });
    const message = { from: { name: 'Samantha', address: 'surveys@example.com' }, to: 'c@example.com', subject: 'How did we do?', text: 'x'.repeat(20_000), html: `<p>${'x'.repeat(20_000)}</p>` };
    fillDisk();
    try {
      await assert.rejects(mailer.send(message), (error: NodeJS.ErrnoException) => error.code === 'ENOSPC');
      assert.deepEqual(fs.readdirSync(outbox), [], 'no file left behind');
    } finally {
      freeDisk();
    }
    const sent = await mailer.send(message);
    const files = fs.readdirSync(outbox);
    assert.equal(files.length, 1);
    assert.ok(files[0].endsWith('.eml') && sent.response.includes(files[0]));
    assert.match(fs.readFileSync(path.join(outbox, files[0]), 'utf8'), /Subject: How did we do\?/);
    mailer.close();
  });
});
