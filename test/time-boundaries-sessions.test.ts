import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmployeeRow } from '../src/db/schema.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { setPassword, signIn, type Browser } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** Session idle timeout and absolute lifetime, probed 5 s either side of each limit (the rows are moved back in time). */
const IDLE_MINUTES = 30;
const MAX_AGE_HOURS = 2;
const MARGIN = 5_000;
let ctx: TestContext;
let employee: EmployeeRow;

before(async () => {
  ctx = await createTestContext({ SESSION_IDLE_TIMEOUT_MINUTES: String(IDLE_MINUTES), SESSION_MAX_AGE_HOURS: String(MAX_AGE_HOURS) });
  const company = await createCompany(ctx.services);
  employee = await createEmployee(ctx.services, company.id);
  await setPassword(ctx.db, employee);
});
after(() => ctx.close());

const row = async (browser: Browser) => ctx.db.kysely.selectFrom('sessions').selectAll().where('id', '=', browser.sessionId).executeTakeFirst();
const setRow = (browser: Browser, values: { last_seen_at?: number; expires_at?: number }) =>
  ctx.db.kysely.updateTable('sessions').set(values).where('id', '=', browser.sessionId).execute();
const me = async (browser: Browser) => (await browser.send(ctx.app, 'GET', '/app/api/me')).statusCode;

describe('session lifetime boundaries', () => {
  it(`keeps a session idle ${IDLE_MINUTES} min - 5 s and ends one idle ${IDLE_MINUTES} min + 5 s`, async () => {
    const browser = await signIn(ctx.app, employee.email);
    await setRow(browser, { last_seen_at: Date.now() - IDLE_MINUTES * 60_000 + MARGIN });
    assert.equal(await me(browser), 200);
    assert.ok(Date.now() - (await row(browser))!.last_seen_at < MARGIN, 'the request counted as activity');
    await setRow(browser, { last_seen_at: Date.now() - IDLE_MINUTES * 60_000 - MARGIN });
    assert.equal(await me(browser), 401);
    assert.equal(await row(browser), undefined, 'the ended session is deleted');
  });

  it(`ends a session at its absolute lifetime (${MAX_AGE_HOURS} h), however active`, async () => {
    const browser = await signIn(ctx.app, employee.email);
    const created = (await row(browser))!;
    assert.ok(Math.abs(created.expires_at - created.created_at - MAX_AGE_HOURS * 3_600_000) < 1000);
    await setRow(browser, { expires_at: Date.now() + MARGIN });
    assert.equal(await me(browser), 200);
    await setRow(browser, { expires_at: Date.now() - MARGIN, last_seen_at: Date.now() });
    assert.equal(await me(browser), 401);
  });

  it('writes last_seen_at at most once a minute', async () => {
    const browser = await signIn(ctx.app, employee.email);
    const recent = Date.now() - 55_000;
    await setRow(browser, { last_seen_at: recent });
    assert.equal(await me(browser), 200);
    assert.equal((await row(browser))!.last_seen_at, recent);
    await setRow(browser, { last_seen_at: Date.now() - 65_000 });
    assert.equal(await me(browser), 200);
    assert.ok(Date.now() - (await row(browser))!.last_seen_at < MARGIN);
  });

  it('purges sessions that ended unused, and keeps live ones', async () => {
    const [idle, old, live] = [await signIn(ctx.app, employee.email), await signIn(ctx.app, employee.email), await signIn(ctx.app, employee.email)];
    await setRow(idle, { last_seen_at: Date.now() - IDLE_MINUTES * 60_000 - MARGIN });
    await setRow(old, { expires_at: Date.now() - MARGIN });
    await ctx.services.sessions.purgeEnded();
    assert.deepEqual([await row(idle), await row(old)], [undefined, undefined]);
    assert.ok(await row(live));
  });
});
