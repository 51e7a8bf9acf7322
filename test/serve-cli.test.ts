import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../src/config.ts';
import { startupBanner, startupFacts } from '../src/startup-banner.ts';
import { runCli } from './helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { startServerProcess } from './helpers/server-process.ts';
import { eventually } from './helpers/survey.ts';

let database: TestDatabase;
let env: Record<string, string>;
before(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'info' };
});
after(() => database.drop());

async function heldPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('agent-connect serve', () => {
  it('a port already in use: one line naming PORT, exit 1, and no demo created whose credentials would be lost', async () => {
    const held = await heldPort();
    try {
      const result = await runCli({ ...env, PORT: String(held.port), DEMO: 'true' }, 'serve');
      assert.equal(result.code, 1);
      assert.equal(result.stderr, `error: port ${held.port} is already in use; set PORT to another port\n`);
      assert.doesNotMatch(result.stdout, /Demo company/);
    } finally {
      await held.release();
    }
    const companies = await runCli(env, 'company', 'list', '--json');
    assert.deepEqual(JSON.parse(companies.stdout), []);
  });

  it('a HOST that is not an address of this machine: one line naming HOST', async () => {
    const result = await runCli({ ...env, PORT: '0', HOST: '192.0.2.1', DEMO: 'false' }, 'serve');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: HOST 192\.0\.2\.1 is not an address of this machine; set HOST to one/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('logs where the docs are and where emails go; no human banner when stderr is not a terminal; demo emails use brand display names', async () => {
    const server = await startServerProcess({ ...env, DEMO: 'true' });
    try {
      const started = await eventually(async () => server.output().split('\n').find((line) => line.includes('"agent-connect started"')), 30_000);
      const fields = JSON.parse(started);
      const port = new URL(server.url).port;
      assert.equal(fields.docs, `http://localhost:${port}/docs`);
      assert.equal(fields.emails, `written as .eml files to ${path.join(database.dataDir, 'outbox')} (SMTP_URL is not set)`);
      assert.ok(path.isAbsolute(database.dataDir));
      assert.doesNotMatch(server.output(), /Press Ctrl\+C/);
      assert.equal((await fetch(`${server.url}/docs`, { redirect: 'manual' })).status < 400, true, 'the docs page answers');

      // The demo's curl command works as printed (with the bound port), and its email says "Blanca Kids".
      const output = server.output();
      const apiKey = /production API key: (\S+)/.exec(output)![1];
      const curl = /curl -s -X POST (\S+)\/v1\/requests/.exec(output)![1];
      assert.equal(curl, `http://localhost:${port}`);
      const body = /-d '(.+)'/.exec(output)![1];
      const response = await fetch(`${server.url}/v1/requests`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body });
      assert.equal(response.status, 200, await response.clone().text());
      const outbox = path.join(database.dataDir, 'outbox');
      // The survey email (it carries a delivery-event reference); the demo may also write a weekly digest.
      const isSurveyEmail = (name: string) => name.endsWith('.eml') && /^X-Agent-Connect-Ref:/im.test(fs.readFileSync(path.join(outbox, name), 'utf8'));
      const file = await eventually(async () => fs.existsSync(outbox) && fs.readdirSync(outbox).find(isSurveyEmail), 20_000);
      const mail = await simpleParser(fs.readFileSync(path.join(outbox, file)));
      assert.match(String(mail.html), /Blanca Kids/);
      assert.doesNotMatch(`${mail.subject} ${mail.html} ${mail.text}`, /blancakids/);

      // The team leader's printed password signs in to the web app, at the printed address.
      assert.equal(/Sign in to the web app at (\S+)\/login as the team leader/.exec(output)![1], `http://localhost:${port}`);
      const email = /email: +(\S+)/.exec(output)![1];
      const password = /password: +(\S+)/.exec(output)![1];
      const signIn = await fetch(`${server.url}/app/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      assert.equal(signIn.status, 200, await signIn.clone().text());
      assert.equal((await signIn.json()).employee.role, 'Team Leader');
    } finally {
      await server.stop();
    }
  });

  it('on a terminal, prints a short banner on stderr, and Ctrl+C stops it', async () => {
    // `exec` so that node, not the shell, owns the terminal: dash (CI's /bin/sh) dies of SIGINT itself.
    const child = spawn('script', ['-qfec', `exec ${process.execPath} bin/agent-connect.js serve`, '/dev/null'], {
      env: { ...process.env, ...env, PORT: '0', DEMO: 'false' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit');
    try {
      await eventually(async () => output.includes('Press Ctrl+C to stop.'), 30_000);
      const port = /Agent Connect is running at http:\/\/localhost:(\d+)/.exec(output)![1];
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'the banner names the bound port');
      const banner = output.slice(output.indexOf('Agent Connect is running')).split(/\r?\n/).slice(0, 4);
      assert.deepEqual(banner, [
        `Agent Connect is running at http://localhost:${port}`,
        `  API reference: http://localhost:${port}/docs`,
        `  Emails: written as .eml files to ${path.join(database.dataDir, 'outbox')} (SMTP_URL is not set)`,
        '  Press Ctrl+C to stop.',
      ]);
      child.stdin.write('\x03');
      const [code] = await exited;
      assert.equal(code, 0);
      assert.match(output, /"signal":"SIGINT","msg":"shutting down"/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('start-up facts', () => {
  it('name the SMTP server without its credentials, and who sends emails when this process does not', () => {
    const config = loadConfig({ DATA_DIR: '/srv/ac', PORT: '8080', SMTP_URL: 'smtp://user:s3cret@mail.example.com:587', PUBLIC_URL: 'https://feedback.example.com/' });
    const all = startupFacts(config, 'all', true, { address: '127.0.0.1', family: 'IPv4', port: 8080 });
    assert.equal(all.emails, 'sent through smtp://mail.example.com:587');
    assert.equal(all.docs, 'https://feedback.example.com/docs');
    assert.doesNotMatch(startupBanner(all), /s3cret|user/);
    assert.equal(startupFacts(config, 'api', false, null).emails, 'sent by the worker processes (serve --role worker)');
    assert.equal(startupFacts(config, 'all', false, null).emails, 'not sent by this process (OUTBOX_WORKER=false)');
    const worker = startupFacts(config, 'worker', true, { address: '0.0.0.0', family: 'IPv4', port: 8080 });
    assert.equal(worker.docs, null);
    assert.match(startupBanner(worker), /^Agent Connect worker is running \(health: http:\/\/localhost:8080\/healthz\)\n {2}Emails: sent through smtp:\/\/mail\.example\.com:587\n {2}Press Ctrl\+C to stop\.\n$/);
  });
});
