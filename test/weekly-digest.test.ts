import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { dueDigestWeek } from '../src/modules/digest/digest-schedule.ts';
import { DigestScheduler } from '../src/modules/digest/digest-scheduler.ts';
import { DigestRepository, WEEKLY_DIGEST_KIND } from '../src/modules/digest/digest.repository.ts';
import { RolesRepository } from '../src/modules/employees/roles.repository.ts';
import { isoDay } from '../src/modules/reports/local-time.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const at = (iso: string) => Date.parse(iso);

/**
 * The database of another worker process: its own connections on PostgreSQL. On SQLite (one
 * process by design) the same connection: in one thread a second connection's write lock would
 * only wait on this one's, so concurrent ticks share the connection as a process's ticks do.
 */
function secondWorkerDb(): { kysely: TestContext['db']['kysely']; close(): Promise<void> } {
  if (ctx.db.dialect === 'sqlite') return { kysely: ctx.db.kysely, close: async () => {} };
  return openDatabase(ctx.config.databaseUrl);
}
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

/** A company in `timeZone`: an admin, a leader of two agents, an opted-out leader of one, and a deactivated leader. */
async function org(timeZone: string) {
  const company = await createCompany(ctx.services);
  await ctx.services.companies.setSettings(company.subdomain, [`time_zone=${timeZone}`]);
  const add = (input: Parameters<typeof createEmployee>[2]) => createEmployee(ctx.services, company.id, input);
  const admin = await add({ firstName: 'Ada', role: 'Admin' });
  const leader = await add({ firstName: 'Lea', role: 'Team Leader' });
  const quiet = await add({ firstName: 'Quinn', role: 'Team Leader' });
  const gone = await add({ firstName: 'Gus', role: 'Team Leader' });
  const m1 = await add({ firstName: 'Mia', teamLeaderId: leader.id });
  const m2 = await add({ firstName: 'Max', teamLeaderId: leader.id });
  const m3 = await add({ firstName: 'Moe', teamLeaderId: quiet.id });
  const m4 = await add({ firstName: 'Mo', teamLeaderId: gone.id });
  // A leader's role without team members gets nothing: leading means having a team.
  const lonely = await add({ firstName: 'Lou', role: 'Team Leader' });
  await ctx.db.kysely.updateTable('employees').set({ weekly_digest: 0 }).where('company_id', '=', company.id).where('id', '=', quiet.id).execute();
  await ctx.db.kysely.updateTable('employees').set({ status: 'deactivated' }).where('company_id', '=', company.id).where('id', '=', gone.id).execute();
  return { company, admin, leader, quiet, gone, m1, m2, m3, m4, lonely };
}

/** The weekly_digest jobs of a company: [employee id, week (ISO Monday)], by employee (only those of `week` when given). */
async function jobs(companyId: number, week?: string) {
  const rows = await ctx.db.kysely.selectFrom('outbox').select('payload').where('company_id', '=', companyId).where('kind', '=', WEEKLY_DIGEST_KIND).orderBy('id').execute();
  return rows.map((row) => JSON.parse(row.payload) as { employee_id: number; week: number }).map((job) => [job.employee_id, isoDay(job.week)] as const).filter(([, w]) => !week || w === week).sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
}

describe('when the weekly digest is due', () => {
  it('is due from Monday 07:00 local time for the week just ended, until Sunday night, never for an older week', () => {
    const ny = 'America/New_York';
    // Monday 2026-12-07 in New York: 07:00 local is 12:00Z.
    // Sunday 23:59 local (already Monday in UTC): the week ending now is not due; the one before still is, until midnight.
    assert.equal(isoDay(dueDigestWeek(at('2026-12-07T04:59:00Z'), ny)!), '2026-11-23');
    assert.equal(dueDigestWeek(at('2026-12-07T11:59:59.999Z'), ny), null, 'Monday 06:59 local: the week before last no longer, the last week not yet');
    assert.equal(isoDay(dueDigestWeek(at('2026-12-07T12:00:00Z'), ny)!), '2026-11-30', 'Monday 07:00 local');
    assert.equal(isoDay(dueDigestWeek(at('2026-12-10T15:00:00Z'), ny)!), '2026-11-30', 'Thursday');
    assert.equal(isoDay(dueDigestWeek(at('2026-12-14T04:59:00Z'), ny)!), '2026-11-30', 'Sunday 23:59 local');
    assert.equal(dueDigestWeek(at('2026-12-14T05:00:00Z'), ny), null, 'Monday 00:00 local: the next week is not due yet, the last one no longer');
    assert.equal(isoDay(dueDigestWeek(at('2026-12-14T12:00:00Z'), ny)!), '2026-12-07');
    // East of UTC: Monday 07:00 in Tokyo is Sunday 22:00Z.
    assert.equal(isoDay(dueDigestWeek(at('2026-12-06T22:00:00Z'), 'Asia/Tokyo')!), '2026-11-30');
    assert.equal(dueDigestWeek(at('2026-12-06T21:59:00Z'), 'Asia/Tokyo'), null);
    // Across a DST change (Europe/Paris: Sunday 2026-03-29 02:00 -> 03:00): Monday 07:00 CEST is 05:00Z.
    assert.equal(dueDigestWeek(at('2026-03-30T04:59:00Z'), 'Europe/Paris'), null);
    assert.equal(isoDay(dueDigestWeek(at('2026-03-30T05:00:00Z'), 'Europe/Paris')!), '2026-03-23');
  });
});

describe('the weekly digest scheduler', () => {
  it('enqueues one job per leader and admin at Monday 07:00 local, once whatever the ticks and workers, then the next week', async () => {
    const o = await org('America/New_York');
    const scheduler = ctx.services.digestScheduler;
    // The first tick, on Sunday night, still sends the week before (the server was down on its Monday).
    await scheduler.tick(at('2026-12-07T04:59:00Z'));
    assert.equal((await jobs(o.company.id, '2026-11-23')).length, 2);
    await scheduler.tick(at('2026-12-07T11:59:00Z'));
    assert.deepEqual(await jobs(o.company.id, '2026-11-30'), [], 'nothing for the week just ended before Monday 07:00 local');

    const enqueued = await scheduler.tick(at('2026-12-07T12:00:00Z'));
    const expected = [[o.admin.id, '2026-11-30'], [o.leader.id, '2026-11-30']].sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(await jobs(o.company.id, '2026-11-30'), expected, 'the admin and the leader; not the opted-out or deactivated leader, a leader without a team, or agents');
    assert.deepEqual(enqueued.get(o.company.id), expected.map(([id]) => id));

    // Ticks later that Monday and that week, and a second worker process (its own connections) at once.
    const second = secondWorkerDb();
    try {
      const other = new DigestScheduler(new DigestRepository(second.kysely), new RolesRepository(second.kysely));
      await Promise.all([scheduler.tick(at('2026-12-07T12:05:00Z')), other.tick(at('2026-12-07T12:05:00Z')), other.tick(at('2026-12-09T09:00:00Z'))]);
    } finally {
      await second.close();
    }
    assert.deepEqual(await jobs(o.company.id, '2026-11-30'), expected, 'still one per recipient');

    await scheduler.tick(at('2026-12-14T12:00:00Z'));
    assert.deepEqual(await jobs(o.company.id, '2026-12-07'), [[o.admin.id, '2026-12-07'], [o.leader.id, '2026-12-07']].sort((a, b) => Number(a[0]) - Number(b[0])));
    assert.equal((await jobs(o.company.id)).length, 6, 'three weeks, two recipients');
  });

  it('several workers ticking at the same instant enqueue each digest once', async () => {
    const o = await org('Europe/Madrid');
    const dbs = [secondWorkerDb(), secondWorkerDb(), secondWorkerDb()];
    try {
      const schedulers = dbs.map((db) => new DigestScheduler(new DigestRepository(db.kysely), new RolesRepository(db.kysely)));
      const results = await Promise.all(schedulers.flatMap((s) => [s.tick(at('2026-12-07T06:30:00Z')), s.tick(at('2026-12-07T06:30:00Z'))]));
      const total = results.reduce((sum, result) => sum + (result.get(o.company.id)?.length ?? 0), 0);
      assert.equal(total, 2, 'the jobs each tick says it enqueued add up to one per recipient');
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
    assert.equal((await jobs(o.company.id)).length, 2);
    const sends = await ctx.db.kysely.selectFrom('digest_sends').selectAll().where('company_id', '=', o.company.id).execute();
    assert.deepEqual(sends.map((row) => [Number(row.employee_id), isoDay(Number(row.week))]).sort((a, b) => Number(a[0]) - Number(b[0])), [[o.admin.id, '2026-11-30'], [o.leader.id, '2026-11-30']]);
  });

  it('a server down on Monday sends the week just ended later that week, never an older week', async () => {
    const o = await org('UTC');
    // First tick on Saturday 2026-12-19: the week of 2026-12-07 is never sent; the week of 12-14 is.
    await ctx.services.digestScheduler.tick(at('2026-12-19T10:00:00Z'));
    assert.deepEqual((await jobs(o.company.id)).map(([, week]) => week), ['2026-12-07', '2026-12-07']);
  });

  it('an opted-out recipient gets none; turning it back on sends the week still due; a company where it is not Monday yet waits', async () => {
    const tokyo = await org('Asia/Tokyo');
    const la = await org('America/Los_Angeles');
    await ctx.db.kysely.updateTable('employees').set({ weekly_digest: 0 }).where('company_id', '=', tokyo.company.id).where('id', '=', tokyo.leader.id).execute();
    // Monday 2026-12-07 08:00 in Tokyo is Sunday 15:00 in Los Angeles.
    await ctx.services.digestScheduler.tick(at('2026-12-06T23:00:00Z'));
    assert.deepEqual(await jobs(tokyo.company.id), [[tokyo.admin.id, '2026-11-30']]);
    assert.deepEqual(await jobs(la.company.id, '2026-11-30'), [], 'not yet Monday in Los Angeles');
    await ctx.services.digest.setPreferences(tokyo.company.id, tokyo.leader.id, { weekly_digest: true });
    await ctx.services.digestScheduler.tick(at('2026-12-07T01:00:00Z'));
    assert.deepEqual(await jobs(tokyo.company.id), [[tokyo.admin.id, '2026-11-30'], [tokyo.leader.id, '2026-11-30']].sort((a, b) => Number(a[0]) - Number(b[0])));
  });
});
