import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { startServerProcess } from './helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { countEmailsAfterKill } from './helpers/durability.ts';

let database: TestDatabase;
let env: Record<string, string>;
let apiKey: string;
let employeeEmail: string;
let companyId: number;
let sink: SmtpSink;

before(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink({ parse: false });
  env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, SMTP_URL: sink.url };
  const { db, services } = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  const company = await createCompany(services, { brands: ['solo'] });
  apiKey = company.api_key;
  companyId = company.id;
  employeeEmail = (await createEmployee(services, company.id)).email;
  await services.close();
  await db.close();
});
after(async () => {
  await sink.close();
  await database.drop();
});

describe('a 200 survives a crash', () => {
  it('keeps every acknowledged request after SIGKILL during concurrent ingestion and sends no survey email twice', async (t) => {
    const server = await startServerProcess(env);
    const acknowledged: string[] = [];
    let stopped = false;
    let failures = 0;
    const worker = async (n: number) => {
      for (let i = 0; !stopped; i++) {
        try {
          const response = await fetch(`${server.url}/v1/requests`, {
            method: 'POST',
            headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
            body: JSON.stringify({ customer: { email: `w${n}.${i}@example.com` }, employee: { email: employeeEmail }, channel: 'chat' }),
          });
          if (response.status === 200) acknowledged.push((await response.json()).request_id);
          else assert.fail(`unexpected ${response.status}: ${await response.text()}`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          failures++; // the connection died with the server: not acknowledged
          return;
        }
      }
    };
    const loops = Array.from({ length: 20 }, (_, n) => worker(n));
    // Kill while requests are being acknowledged and the outbox worker is sending their emails.
    const deadline = Date.now() + 120_000;
    while ((acknowledged.length < 300 || sink.received.length < 50) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(sink.received.length >= 50, `only ${sink.received.length} emails were sent before the kill`);
    const sentBeforeKill = sink.received.length;
    await server.stop('SIGKILL');
    stopped = true;
    await Promise.all(loops);
    assert.ok(acknowledged.length >= 300);

    const restarted = await startServerProcess(env);
    try {
      assert.equal((await fetch(`${restarted.url}/readyz`)).status, 200);
      const { db, services } = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
      const stored = new Set(
        (await db.kysely.selectFrom('interactions').select('uuid').where('company_id', '=', companyId).execute()).map((row) => row.uuid),
      );
      await services.close();
      await db.close();
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged requests were lost`);
      assert.ok(stored.size >= acknowledged.length);
      // Requests in flight at the kill may or may not have been stored; none were acknowledged.
      assert.ok(failures <= 20);

      const emails = await countEmailsAfterKill(env, companyId, sink);
      t.diagnostic(
        `survey emails: ${sentBeforeKill} sent before the kill, ${emails.sent} in all for ${stored.size} stored requests; ` +
          `${emails.inFlight.length} in flight at the kill (${emails.inFlightDelivered} of them reached the SMTP server), ` +
          `${emails.duplicates.length} sent twice`,
      );
      const inFlight = new Set(emails.inFlight);
      assert.deepEqual(emails.duplicates.filter((to) => !inFlight.has(to)), [], 'sent twice though not in flight at the kill');
      assert.deepEqual(emails.unsent, [], 'stored requests not in flight at the kill whose email was never sent');
      assert.deepEqual(emails.unrecorded, [], 'emails sent but not recorded as Sent (not in flight at the kill)');
    } finally {
      await restarted.stop();
    }
  });
});
