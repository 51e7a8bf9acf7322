import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { EmployeeRow } from '../src/db/schema.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { rebuildCompanyRollups } from '../src/modules/reports/rollup-rebuild.ts';
import { assertAccessible, launchChromium } from './helpers/browser.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './helpers/smtp-sink.ts';
import { answer, type Answers } from './helpers/stream.ts';
import { eventually, fastWorker } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const PUBLIC_URL = 'https://feedback.example.com';
/** SCREENSHOTS=<dir>: also save the rendered email there (390 and 600 px wide). */
const SCREENSHOTS = process.env.SCREENSHOTS;

let ctx: TestContext;
let sink: SmtpSink;
let browser: Browser;
before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL });
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
  await ctx.close();
  await sink.close();
});

/** A stored, unsent request of `agent`, answered with `given` at `answeredAt` (null: delivered, not answered), sent an hour before. */
async function response(company: CompanyCredentials, agent: EmployeeRow, answeredAt: string, given: Answers | null) {
  const posted = await ctx.as(company).post('/v1/requests', {
    customer: { name: 'Simone Ortiz', email: `${uniqueName('simone')}@example.com` },
    employee: { email: agent.email },
    channel: 'chat',
    brand: 'peak',
    language: 'en',
    ext_interaction_id: uniqueName('t'),
    do_not_send: true,
  });
  assert.equal(posted.statusCode, 200, posted.body);
  const requestId = posted.json().request_id as string;
  const { id } = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', requestId).executeTakeFirstOrThrow();
  if (given) await answer(ctx.db, company.id, Number(id), given);
  const at = Date.parse(answeredAt);
  await ctx.db.kysely
    .updateTable('interactions')
    .set({ sent_at: at - 3_600_000, response_received_at: given ? at : null })
    .where('company_id', '=', company.id)
    .where('id', '=', Number(id))
    .execute();
  return requestId;
}

const textOf = (mail: ReceivedMail) => mail.parsed.text ?? '';
const htmlOf = (mail: ReceivedMail) => String(mail.parsed.html || '');

describe('the weekly digest email', () => {
  it("carries last week's figures against the week before, the top and bottom agents and recent comments, within each recipient's scope", async () => {
    const company = await createCompany(ctx.services, { brands: ['peak'], channels: ['chat'] });
    await ctx.services.companies.setSettings(company.subdomain, ['time_zone=America/New_York']);
    const add = (input: Parameters<typeof createEmployee>[2]) => createEmployee(ctx.services, company.id, input);
    const admin = await add({ firstName: 'Ada', lastName: 'Admin', role: 'Admin' });
    const lea = await add({ firstName: 'Lea', lastName: 'Lead', role: 'Team Leader' });
    const leo = await add({ firstName: 'Leo', lastName: 'Lead', role: 'Team Leader' });
    const mia = await add({ firstName: 'Mia', lastName: 'Stone', teamLeaderId: lea.id });
    const max = await add({ firstName: 'Max', lastName: 'Reed', teamLeaderId: lea.id });
    const moe = await add({ firstName: 'Moe', lastName: 'Hill', teamLeaderId: lea.id });
    const noa = await add({ firstName: 'Noa', lastName: 'Vale', teamLeaderId: leo.id });

    // The week before (Mon 2026-11-23 to Sun 11-29 in New York, UTC-5).
    await response(company, mia, '2026-11-24T15:00:00Z', { stars: 4, nps: 10, fcr: 'Yes', comment: 'An old comment' });
    await response(company, max, '2026-11-29T20:00:00Z', { stars: 3 });
    // Last week (Mon 11-30 to Sun 12-06 in New York): Sunday 23:30 local is Monday 04:30Z, still last week.
    await response(company, mia, '2026-11-30T14:00:00Z', { stars: 5, nps: 10, fcr: 'Yes' });
    await response(company, mia, '2026-12-01T14:00:00Z', { stars: 5, nps: 9, fcr: 'Yes' });
    await response(company, max, '2026-12-02T14:00:00Z', { stars: 3, nps: 9 });
    await response(company, max, '2026-12-03T14:00:00Z', { stars: 4, nps: 7 });
    await response(company, moe, '2026-12-03T16:00:00Z', { stars: 5 });
    await response(company, max, '2026-12-04T14:00:00Z', { stars: 2, nps: 3, fcr: 'No', comment: 'Too slow & "rude"' });
    await response(company, max, '2026-12-04T18:00:00Z', null);
    await response(company, max, '2026-12-05T18:00:00Z', null);
    await response(company, noa, '2026-12-05T14:00:00Z', { stars: 1 });
    await response(company, noa, '2026-12-05T15:00:00Z', { stars: 1 });
    const mias = await response(company, mia, '2026-12-06T14:00:00Z', { stars: 4, nps: 8, comment: 'Great help <b>thanks</b>' });
    const moes = await response(company, moe, '2026-12-07T04:30:00Z', { stars: 4, comment: 'Quick fix' });
    const noas = await response(company, noa, '2026-12-06T20:00:00Z', { stars: 1, comment: 'Awful' });
    // This week (Monday 12-07 10:00 local): not in the digest.
    await response(company, mia, '2026-12-07T15:00:00Z', { stars: 5, comment: 'This week already' });
    await ctx.db.kysely.transaction().execute((trx) => rebuildCompanyRollups(trx, company.id));

    await ctx.services.digestScheduler.tick(Date.parse('2026-12-07T12:00:00Z'));
    const worker = fastWorker(ctx);
    let mails: ReceivedMail[];
    try {
      mails = await eventually(async () => {
        const found = sink.received.filter((mail) => [admin, lea, leo].some((person) => mail.envelopeTo.includes(person.email)));
        return found.length >= 3 ? found : null;
      });
    } finally {
      await worker.stop();
    }
    const to = (person: EmployeeRow) => mails.filter((mail) => mail.envelopeTo.includes(person.email));
    assert.deepEqual([to(admin).length, to(lea).length, to(leo).length], [1, 1, 1]);
    assert.equal(sink.received.filter((mail) => [mia, max, moe, noa].some((person) => mail.envelopeTo.includes(person.email))).length, 0, 'agents get none');

    // Lea's team (Mia, Max, Moe): 8 responses of 10 delivered last week, 2 of 2 the week before.
    const leaMail = to(lea)[0];
    assert.equal(leaMail.parsed.subject, 'Weekly feedback digest for your team: Nov 30 – Dec 6, 2026');
    const leaText = textOf(leaMail);
    for (const line of [
      'Here is how your team did last week (Nov 30 – Dec 6, 2026), compared with the week before (Nov 23 – Nov 29, 2026).',
      'Responses: 8 (▲ up 6; week before: 2)',
      'Star average: 4.00 (▲ up 0.50; week before: 3.50)',
      'Positive (CSAT, 4-5 stars): 75.0% (▲ up 25.0 pts; week before: 50.0%)',
      'NPS: 33.3 (▼ down 66.7; week before: 100.0)',
      'Resolved first time (FCR): 66.7% (▼ down 33.3 pts; week before: 100.0%)',
      'Response rate: 80.0% (▼ down 20.0 pts; week before: 100.0%)',
      '- Mia Stone: 4.67 from 3 ratings',
      '- Max Reed: 3.00 from 3 ratings',
      `- Moe Hill, 4 stars: "Quick fix"`,
      `  ${PUBLIC_URL}/feedback/${moes}`,
      `- Mia Stone, 4 stars: "Great help <b>thanks</b>"`,
      `- Max Reed, 2 stars: "Too slow & "rude""`,
      `Dashboard: ${PUBLIC_URL}/reports`,
    ]) assert.ok(leaText.split('\n').includes(line), `Lea's digest has the line ${line}\n---\n${leaText}`);
    assert.match(leaText, /Highest star average[^\n]*\n- Mia Stone/);
    assert.match(leaText, /Lowest star average[^\n]*\n- Max Reed/);
    assert.ok(!leaText.includes('Moe Hill: '), 'Moe has 2 ratings: not ranked');
    for (const absent of ['Awful', 'Noa', 'An old comment', 'This week already']) assert.ok(!leaText.includes(absent) && !htmlOf(leaMail).includes(absent), `${absent} is not in Lea's digest`);
    assert.ok(leaText.includes(`${PUBLIC_URL}/account#digest`));

    const leaHtml = htmlOf(leaMail);
    assert.ok(leaHtml.includes('Great help &lt;b&gt;thanks&lt;/b&gt;') && !leaHtml.includes('<b>thanks'), 'comments are escaped');
    assert.ok(leaHtml.includes('Too slow &amp; &quot;rude&quot;'));
    assert.ok(leaHtml.includes(`href="${PUBLIC_URL}/feedback/${mias}"`));
    assert.ok(leaHtml.includes(`href="${PUBLIC_URL}/reports"`) && leaHtml.includes(`href="${PUBLIC_URL}/account#digest"`));
    assert.ok(leaHtml.includes('▲ up 0.50</span> · <span style="white-space:nowrap;">week before: 3.50'), 'the change is in words and arrows, not colour alone');

    // The admin: the whole company (with Noa), no ranking; the three newest comments of the company.
    const adminMail = to(admin)[0];
    assert.equal(adminMail.parsed.subject, `Weekly feedback digest for ${company.name}: Nov 30 – Dec 6, 2026`);
    const adminText = textOf(adminMail);
    for (const line of ['Responses: 11 (▲ up 9; week before: 2)', 'Star average: 3.18 (▼ down 0.32; week before: 3.50)', 'Response rate: 84.6% (▼ down 15.4 pts; week before: 100.0%)', `- Noa Vale, 1 star: "Awful"`, `  ${PUBLIC_URL}/feedback/${noas}`]) {
      assert.ok(adminText.split('\n').includes(line), `the admin's digest has the line ${line}\n---\n${adminText}`);
    }
    assert.ok(!adminText.includes('Highest star average'), 'no ranking in the company digest');
    assert.equal((adminText.match(/^- .*stars?: "/gm) ?? []).length, 3, 'three comments');

    // Leo's team is Noa alone.
    const leoText = textOf(to(leo)[0]);
    assert.ok(leoText.split('\n').includes('Responses: 3 (▲ up 3; week before: 0)'), leoText);
    assert.ok(leoText.split('\n').includes('Star average: 1.00 (week before: no data)'), leoText);
    assert.ok(!leoText.includes('Great help'));

    // The email as a phone and a desktop mail client show it: nothing wider than the screen, readable, accessible.
    for (const width of [390, 600]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      try {
        await page.setContent(leaHtml);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no horizontal scrolling at ${width} px`);
        assert.ok(await page.getByRole('link', { name: 'Open the dashboard' }).isVisible());
        await assertAccessible(page, `the digest email at ${width} px`);
        if (SCREENSHOTS) {
          await fs.mkdir(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, `digest-email-${width}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }

    // The same week is never sent twice, even after a later tick and worker.
    await ctx.services.digestScheduler.tick(Date.parse('2026-12-08T12:00:00Z'));
    const again = await ctx.db.kysely.selectFrom('outbox').select('id').where('company_id', '=', company.id).where('kind', '=', 'weekly_digest').execute();
    assert.equal(again.length, 3);
  });

  it('a recipient who turns the digest off after it was enqueued is skipped, not emailed', async () => {
    const company = await createCompany(ctx.services, { brands: ['peak'], channels: ['chat'] });
    const admin = await createEmployee(ctx.services, company.id, { firstName: 'Ada', role: 'Admin' });
    await ctx.services.digestScheduler.tick(Date.parse('2026-12-07T08:00:00Z'));
    await ctx.services.digest.setPreferences(company.id, admin.id, { weekly_digest: false });
    const worker = fastWorker(ctx);
    try {
      const row = await eventually(async () => {
        const found = await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).where('kind', '=', 'weekly_digest').executeTakeFirst();
        return found && found.status !== 'pending' && found.status !== 'sending' ? found : null;
      });
      assert.equal(row.status, 'sent');
      assert.match(row.last_error ?? '', /turned the weekly digest off/);
    } finally {
      await worker.stop();
    }
    assert.equal(sink.received.filter((mail) => mail.envelopeTo.includes(admin.email)).length, 0);
  });
});
