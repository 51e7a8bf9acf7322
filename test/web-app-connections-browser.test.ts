import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EmployeeRow } from '../src/db/schema.ts';
import { assertAccessible, DESKTOP, launchChromium, personContext, PHONE } from './helpers/browser.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { assertFits, screenshot } from './helpers/reports-web.ts';
import { setPassword } from './helpers/sessions.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { signInThroughForm } from './helpers/web-app.ts';

/**
 * The Connections page in a real browser, as an admin connects "any other system" (a generic
 * webhook with a field mapping): the form, the URL to paste with its copy button, a pasted event
 * previewed as the request it would make (and one the mapping's condition skips), a test event
 * that creates a request and shows in the last events, an event posted to the inbound URL as a
 * helpdesk would, then Remove behind a confirmation. It fits 390 px and 1280 px, passes axe-core
 * and works from the keyboard. A team leader has no Connections link, gets "admins only" and is
 * refused 403 by the API. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let company: Awaited<ReturnType<typeof createCompany>>;
let admin: EmployeeRow;
let lead: EmployeeRow;
const contexts: BrowserContext[] = [];

const MAPPING = {
  'customer.email': '/customer/email',
  'customer.name': '/customer/name',
  'employee.email': '/agent/email',
  ext_interaction_id: '/ticket/id',
  tags: '/ticket/tags',
  channel: { const: 'chat' },
  when: { pointer: '/status', equals: 'closed' },
};
const event = (ticket: string, status = 'closed') => ({
  status,
  ticket: { id: ticket, tags: ['vip'] },
  customer: { email: `casey.${ticket.toLowerCase()}@example.com`, name: 'Casey Customer' },
  agent: { email: admin.email },
});

async function signedIn(who: EmployeeRow, viewport = DESKTOP): Promise<Page> {
  const { context } = await personContext(browser, { viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  contexts.push(context);
  const page = await context.newPage();
  await signInThroughForm(page, baseUrl, who.email);
  return page;
}

/** Replaces a textarea's text (long JSON, pasted as a person would), leaving focus on it. */
async function replaceText(page: Page, name: string, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name });
  await box.fill(text);
  await box.focus();
}

before(async () => {
  // Alert rules post to a local receiver standing in for Slack.
  ({ ctx, baseUrl } = await createListeningTestContext({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }));
  browser = await launchChromium();
  company = await createCompany(ctx.services, { channels: ['chat', 'email'] });
  admin = await createEmployee(ctx.services, company.id, { firstName: 'Ada', lastName: 'Admin', role: 'Admin' });
  lead = await createEmployee(ctx.services, company.id, { firstName: 'Lea', lastName: 'Lead', role: 'Team Leader' });
  await setPassword(ctx.db, admin);
  await setPassword(ctx.db, lead);
});
after(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await ctx.close();
});

describe('the Connections page', () => {
  let connectionId: number;

  it('lets an admin connect a generic webhook, preview an event, send a test event and see it in the last events', async () => {
    const page = await signedIn(admin, DESKTOP);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings/connections');
    await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Add a connection' }).waitFor();
    await assertAccessible(page, 'Connections page, empty (1280)');
    await assertFits(page, 'Connections page, empty, at 1280 px');

    // The form by keyboard: the helpdesk, a name, the mapping; API fields only where the kind needs them.
    const kind = page.getByRole('combobox', { name: 'Helpdesk' });
    assert.deepEqual(await kind.locator('option').allTextContents().then((labels) => labels.length), 7, 'the seven helpdesks');
    await kind.focus();
    await kind.selectOption('generic');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Shop webhooks');
    const form = page.getByRole('region', { name: 'Add a connection' });
    assert.equal(await form.getByRole('textbox', { name: 'Name' }).inputValue(), 'Shop webhooks', 'Tab goes from the helpdesk to the name');
    const example = JSON.parse(await page.getByRole('textbox', { name: 'Field mapping (JSON)' }).inputValue());
    assert.equal(example['customer.email'], '/ticket/requester/email', "the form starts from the server's example mapping");
    // A mapping that is not JSON is refused on its field before anything is sent.
    await replaceText(page, 'Field mapping (JSON)', '{"customer.email": ');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.locator('.field__error', { hasText: 'mapping: not valid JSON' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Field mapping (JSON)' }).getAttribute('aria-invalid'), 'true');
    assert.equal((await ctx.db.kysely.selectFrom('connections').select('id').where('company_id', '=', company.id).execute()).length, 0, 'nothing created');
    // A mapping naming an unknown field is refused by the server, its message on the field.
    await replaceText(page, 'Field mapping (JSON)', JSON.stringify({ ...MAPPING, 'customer.emial': '/x' }, null, 2));
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('alert').filter({ hasText: 'customer.emial' }).waitFor();
    await replaceText(page, 'Field mapping (JSON)', JSON.stringify(MAPPING, null, 2));
    const submit = page.getByRole('button', { name: 'Add connection' });
    await submit.focus();
    const createdAnswer = page.waitForResponse((r) => r.url().endsWith('/app/api/connections') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    const created = await (await createdAnswer).json() as { id: number; inbound_url: string; signing_secret: string | null };
    connectionId = created.id;
    await page.getByRole('status').filter({ hasText: 'Connection added' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Shop webhooks' }).waitFor();

    // The URL to paste, with a copy button that copies it.
    const url = page.locator('code.conn-value__text').first();
    assert.equal((await url.textContent())!.trim(), created.inbound_url);
    assert.match(created.inbound_url, /\/inbound\/[A-Za-z0-9_-]{16,}$/);
    await page.getByRole('button', { name: 'Copy Inbound URL' }).click();
    await page.getByRole('button', { name: 'Copied Inbound URL' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), created.inbound_url);
    // A generic connection's secret is generated; just created, it is shown to copy into the sender.
    assert.ok(created.signing_secret && created.signing_secret.length >= 32, 'a secret was generated');
    assert.equal((await page.getByTestId('signing-secret').textContent())!.trim(), created.signing_secret);
    await page.getByRole('button', { name: 'Copy Signing secret' }).click();
    await page.getByRole('button', { name: 'Copied Signing secret' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), created.signing_secret);
    // The set-up snippets name the secret header to send.
    await page.locator('pre.conn-snippet__code', { hasText: 'X-Agent-Connect-Secret' }).waitFor();
    // Numbered set-up steps, and the list names the connection with its helpdesk.
    assert.ok(await page.locator('ol.conn-steps > li').count() >= 1, 'set-up steps are listed');
    const item = page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: /Shop webhooks/ });
    await item.waitFor();
    assert.equal(await item.getAttribute('aria-current'), 'true');

    // Preview a pasted body: the request it would make, as a table; nothing is stored.
    await replaceText(page, 'Event body (JSON)', JSON.stringify(event('T-1001'), null, 2));
    await page.getByRole('button', { name: 'Preview' }).click();
    const wouldCreate = page.getByRole('table', { name: 'Would create this feedback request' });
    await wouldCreate.waitFor();
    const rows = Object.fromEntries(await wouldCreate.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent])));
    assert.equal(rows['customer.email'], 'casey.t-1001@example.com');
    assert.equal(rows['employee.email'], admin.email);
    assert.equal(rows.ext_interaction_id, 'T-1001');
    assert.equal(rows.channel, 'chat');
    await page.locator('.conn-result').getByText('Would create', { exact: true }).waitFor();
    assert.equal((await ctx.db.kysely.selectFrom('interactions').select('id').where('company_id', '=', company.id).execute()).length, 0, 'a preview creates nothing');

    // An event the mapping's condition leaves out: skipped, with the reason.
    await replaceText(page, 'Event body (JSON)', JSON.stringify(event('T-1001', 'open'), null, 2));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.conn-result').getByText('Skipped', { exact: true }).waitFor();
    assert.ok(await page.locator('.conn-result').getByText('Reason:').count() === 1, 'the reason is shown');
    // A body that is not JSON is refused in place.
    await replaceText(page, 'Event body (JSON)', '{"status": ');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.field__error', { hasText: 'The event body is not valid JSON' }).waitFor();

    // A test event, by keyboard: it creates the request and appears in the last events.
    await replaceText(page, 'Event body (JSON)', JSON.stringify(event('T-1002'), null, 2));
    const sent = page.waitForResponse((r) => r.url().endsWith(`/app/api/connections/${connectionId}/test-event`));
    await page.getByRole('button', { name: 'Send test event' }).focus();
    await page.keyboard.press('Enter');
    const outcome = await (await sent).json() as { outcome: string; request_id: string | null; event_key: string };
    assert.equal(outcome.outcome, 'created', JSON.stringify(outcome));
    assert.ok(outcome.request_id);
    await page.locator('.conn-result').getByText(outcome.request_id!).waitFor();
    await page.locator('.conn-result').getByText('Created', { exact: true }).waitFor();
    const stored = await ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', outcome.request_id!).executeTakeFirstOrThrow();
    assert.equal(stored.employee_id, admin.id);
    assert.equal(stored.ext_interaction_id, 'T-1002');
    const events = page.getByRole('table', { name: 'Last events' });
    const testRow = events.locator('tbody tr', { hasText: outcome.event_key });
    await testRow.waitFor();
    await testRow.getByText('Created', { exact: true }).waitFor();
    await testRow.getByText('Test', { exact: true }).waitFor();
    assert.equal(await testRow.locator('.badge--positive').count(), 1, 'a created event is green');

    // Events posted to the inbound URL as the sending system would, one with a wrong secret; Refresh shows them.
    const post = (body: unknown, secret: string) => fetch(`${baseUrl}${new URL(created.inbound_url).pathname}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-agent-connect-secret': secret }, body: JSON.stringify(body),
    });
    const forged = await post(event('T-1004'), 'not-the-secret');
    assert.equal(forged.status, 401, await forged.text());
    const inbound = await post(event('T-1003', 'pending'), created.signing_secret!);
    assert.equal(inbound.status, 202, await inbound.text());
    await page.getByRole('button', { name: 'Refresh' }).click();
    // The condition's reason is the skipped event's detail.
    const skippedRow = events.locator('tbody tr', { has: page.locator('.badge', { hasText: 'Skipped' }) });
    await skippedRow.waitFor();
    assert.match((await skippedRow.textContent())!, /status/, 'the skip names the condition');
    const unauthorizedRow = events.locator('tbody tr', { hasText: 'Unauthorized' });
    await unauthorizedRow.waitFor();
    assert.equal(await unauthorizedRow.locator('.badge--negative').count(), 1, 'a refused signature is red');
    assert.doesNotMatch(await unauthorizedRow.textContent() ?? '', /not-the-secret/, 'the secret sent is never shown');
    // The list shows the last event's outcome.
    await item.getByText('Skipped', { exact: true }).waitFor();

    assert.equal(await page.locator('.conn-events-wrap').evaluate((el) => el.scrollWidth > el.clientWidth), false, 'the events table fits its card at 1280 px');
    await assertAccessible(page, 'Connections page with a connection (1280)');
    await assertFits(page, 'Connections page at 1280 px');
    await screenshot(page, 'connections-1280');
  });

  it('fits a phone, passes axe-core there, and hides the secret until "Show"', async () => {
    const page = await signedIn(admin, PHONE);
    await page.goto(`${baseUrl}/settings/connections`);
    await page.getByRole('heading', { level: 2, name: 'Shop webhooks' }).waitFor();
    await page.getByRole('table', { name: 'Last events' }).locator('tbody tr', { hasText: 'Unauthorized' }).waitFor();
    const secret = page.getByTestId('signing-secret');
    assert.doesNotMatch((await secret.textContent())!, /[A-Za-z0-9]{8}/, 'hidden until Show');
    await page.getByRole('button', { name: 'Show' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed'), 'true');
    const row = await ctx.db.kysely.selectFrom('connections').select('secrets').where('id', '=', connectionId).executeTakeFirstOrThrow();
    assert.doesNotMatch(row.secrets ?? '', new RegExp((await secret.textContent())!.trim()), 'stored sealed, not as shown');
    await assertFits(page, 'Connections page at 390 px');
    // The phone navigation scrolls sideways: the current page's link is scrolled into sight, not cut off at the edge.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.waitForFunction(() => {
      const bar = document.querySelector('.nav')!.getBoundingClientRect();
      const link = document.querySelector('.nav [aria-current="page"]')!.getBoundingClientRect();
      return link.left >= bar.left && link.right <= bar.right - 16;
    }, undefined, { timeout: 3000 });
    assert.equal(await nav.locator('[aria-current="page"]').textContent(), 'Connections');
    await assertAccessible(page, 'Connections page (390)');
    const box = await page.getByRole('button', { name: 'Send test event' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the test event button is on screen');
    await screenshot(page, 'connections-390');
    // The add form at 390 px too.
    await page.getByRole('button', { name: 'Add connection' }).click();
    // A helpdesk whose events name ids only asks for API access; the generic one for its mapping.
    const { kinds } = await (await page.request.get(`${baseUrl}/app/api/connection-kinds`)).json() as { kinds: { kind: string; needs_api: boolean }[] };
    const helpdesk = page.getByRole('combobox', { name: 'Helpdesk' });
    const lookedUp = kinds.find((k) => k.needs_api);
    if (lookedUp) {
      await helpdesk.selectOption(lookedUp.kind);
      await page.getByRole('textbox', { name: 'API base URL' }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Field mapping (JSON)' }).count(), 0);
    }
    await helpdesk.selectOption('generic');
    await page.getByRole('textbox', { name: 'Field mapping (JSON)' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'API base URL' }).count(), 0);
    await assertFits(page, 'Add connection form at 390 px');
    await assertAccessible(page, 'Add connection form (390)');
    await screenshot(page, 'connections-add-390');
  });

  it('edits a connection in place from the keyboard: a new channel and a fresh secret, the URL kept, the old secret refused', async () => {
    const page = await signedIn(admin, DESKTOP);
    await page.goto(`${baseUrl}/settings/connections`);
    await page.getByRole('heading', { level: 2, name: 'Shop webhooks' }).waitFor();
    const detail = async () => (await (await page.request.get(`${baseUrl}/app/api/connections/${connectionId}`)).json()) as { connection: { inbound_url: string; channel: string | null }; signing_secret: string };
    const before = await detail();

    await page.locator('.conn-detail__head').getByRole('button', { name: 'Edit', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Edit Shop webhooks' }).waitFor();
    const form = page.locator('.conn-form');
    // The editor takes the focus (in an effect after it renders: wait for it rather than race it).
    await page.waitForFunction(() => document.activeElement?.textContent === 'Edit Shop webhooks', undefined, { timeout: 3000 });
    assert.equal(await form.getByRole('textbox', { name: 'Name' }).inputValue(), 'Shop webhooks', 'the form starts from the saved settings');
    assert.match(await form.getByRole('textbox', { name: 'Field mapping (JSON)' }).inputValue(), /"customer\.email"/);
    await form.getByRole('textbox', { name: 'Channel' }).fill('Email');
    await form.getByRole('switch', { name: 'Generate a new secret' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('The current secret stops working when you save').waitFor();
    await assertAccessible(page, 'edit connection form');
    await screenshot(page, 'connections-edit-1280');
    await form.getByRole('button', { name: 'Save changes' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Changes saved\. Paste the new secret/).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Edit', undefined, { timeout: 3000 }); // focus returns to Edit

    const after = await detail();
    assert.equal(after.connection.inbound_url, before.connection.inbound_url, 'the URL in the helpdesk stays');
    assert.equal(after.connection.channel, 'email');
    assert.notEqual(after.signing_secret, before.signing_secret);
    assert.equal((await page.getByTestId('signing-secret').textContent())!.trim(), after.signing_secret, 'the new secret is shown, to paste');
    const post = (secret: string) => fetch(`${baseUrl}${new URL(after.connection.inbound_url).pathname}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-agent-connect-secret': secret }, body: JSON.stringify(event('T-2001')),
    });
    assert.equal((await post(before.signing_secret)).status, 401, 'the old secret is refused');
    const accepted = await post(after.signing_secret);
    assert.equal(accepted.status, 200, await accepted.text());

    // A refused change says which field, and keeps the form as typed.
    await page.locator('.conn-detail__head').getByRole('button', { name: 'Edit', exact: true }).click();
    await form.getByRole('textbox', { name: 'Channel' }).fill('fax');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('channel must be one of: chat, email').waitFor();
    assert.equal(await form.getByRole('textbox', { name: 'Channel' }).getAttribute('aria-invalid'), 'true');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 2, name: 'Shop webhooks' }).waitFor();
    assert.equal((await detail()).connection.channel, 'email', 'nothing was changed');
  });

  it('retries a refused event from its row once the cause is fixed', async () => {
    const page = await signedIn(admin, DESKTOP);
    await page.goto(`${baseUrl}/settings/connections`);
    await page.getByRole('heading', { level: 2, name: 'Shop webhooks' }).waitFor();
    const { connection, signing_secret: secret } = await (await page.request.get(`${baseUrl}/app/api/connections/${connectionId}`)).json() as { connection: { inbound_url: string }; signing_secret: string };
    const newcomer = `new.agent.${Date.now()}@example.com`;
    const refused = await fetch(`${baseUrl}${new URL(connection.inbound_url).pathname}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-agent-connect-secret': secret }, body: JSON.stringify({ ...event('T-3001'), agent: { email: newcomer } }),
    });
    assert.equal(refused.status, 400, 'an agent who is not an employee yet is refused');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const retry = page.getByRole('button', { name: 'Retry event T-3001' });
    await retry.waitFor();
    await createEmployee(ctx.services, company.id, { email: newcomer });
    ctx.services.credentials.clear();
    await retry.focus();
    await page.keyboard.press('Enter');
    const row = page.getByRole('table', { name: 'Last events' }).locator('tbody tr', { hasText: 'T-3001' });
    await row.filter({ hasText: 'Created' }).waitFor();
    assert.equal(await retry.count(), 0, 'a created event has nothing to retry');
    await assertAccessible(page, 'events after a retry');
  });

  it('removes a connection after a confirmation, from the keyboard', async () => {
    const page = await signedIn(admin, DESKTOP);
    await page.goto(`${baseUrl}/settings/connections`);
    await page.getByRole('heading', { level: 2, name: 'Shop webhooks' }).waitFor();
    await page.locator('.conn-detail__head').getByRole('button', { name: 'Remove', exact: true }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove “Shop webhooks”?' });
    await dialog.waitFor();
    await assertAccessible(page, 'remove dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Remove', undefined, { timeout: 3000 }); // focus returns to Remove
    assert.ok(await ctx.db.kysely.selectFrom('connections').select('id').where('id', '=', connectionId).executeTakeFirst(), 'Escape removes nothing');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Remove connection' }).click();
    await page.getByRole('status').filter({ hasText: 'Connection removed.' }).waitFor();
    await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
    assert.equal(await ctx.db.kysely.selectFrom('connections').select('id').where('id', '=', connectionId).executeTakeFirst(), undefined);
  });

  it('adds a Slack alert from the keyboard and sends it a test message', async () => {
    const received: unknown[] = [];
    const slack = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk)).on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    try {
      const page = await signedIn(admin, DESKTOP);
      await page.goto(`${baseUrl}/settings/connections`);
      const alerts = page.getByRole('region', { name: 'Alerts' });
      await alerts.getByRole('heading', { name: 'No alerts yet' }).waitFor();
      await alerts.getByRole('textbox', { name: 'Name' }).focus();
      await page.keyboard.type('Shout-outs');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SELECT', 'Post to comes next');
      await alerts.getByRole('textbox', { name: 'Incoming webhook URL' }).focus();
      await page.keyboard.type(`http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0/B0/X`);
      await alerts.getByRole('switch', { name: 'Only responses with a comment' }).focus();
      await page.keyboard.press('Space');
      await alerts.getByRole('button', { name: 'Add alert' }).focus();
      await page.keyboard.press('Enter');
      const rule = alerts.getByRole('listitem').filter({ hasText: 'Shout-outs' });
      await rule.getByText('5 stars · with a comment').waitFor();
      await rule.getByText('127.0.0.1').waitFor();
      const stored = await ctx.db.kysely.selectFrom('alert_rules').select(['url', 'comment_required']).where('company_id', '=', company.id).executeTakeFirstOrThrow();
      assert.doesNotMatch(stored.url, /127\.0\.0\.1/, 'the URL is stored sealed');
      assert.equal(stored.comment_required, 1);
      await rule.getByRole('button', { name: 'Send test' }).focus();
      await page.keyboard.press('Enter');
      await rule.getByText('Delivered').waitFor();
      assert.equal(received.length, 1);
      assert.ok(Array.isArray((received[0] as { blocks?: unknown[] }).blocks), 'Slack gets Block Kit blocks');
      await assertAccessible(page, 'Alerts section with a rule');
      await screenshot(page, 'connections-alerts-1280');
    } finally {
      slack.close();
    }
  });

  it('pauses and resumes an alert from the keyboard, and edits one keeping its sealed URL', async () => {
    const page = await signedIn(admin, DESKTOP);
    await page.goto(`${baseUrl}/settings/connections`);
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const rule = alerts.getByRole('listitem').filter({ hasText: 'Shout-outs' });
    const stored = () => ctx.db.kysely.selectFrom('alert_rules').select(['url', 'enabled', 'min_rating', 'max_rating', 'name']).where('company_id', '=', company.id).executeTakeFirstOrThrow();
    const before = await stored();

    // Pause: the switch is named by the rule, Space turns it off, the card says "Paused" and the rule is off in the database.
    const toggle = rule.getByRole('switch', { name: 'Shout-outs On' });
    assert.equal(await toggle.isChecked(), true);
    await toggle.focus();
    await page.keyboard.press('Space');
    await rule.getByText('Paused', { exact: true }).waitFor();
    assert.equal(await toggle.isChecked(), false);
    assert.equal(await toggle.evaluate((element) => element === document.activeElement), true, 'focus stays on the switch');
    assert.equal((await stored()).enabled, 0);
    await assertAccessible(page, 'Alerts section with a paused rule');

    // Edit: the form opens on the rule's values with focus in it; the URL is left empty (kept).
    await rule.getByRole('button', { name: 'Edit Shout-outs' }).focus();
    await page.keyboard.press('Enter');
    const form = alerts.getByRole('region', { name: 'Edit “Shout-outs”' });
    const name = form.getByRole('textbox', { name: 'Name' });
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === 'Shout-outs', undefined, { timeout: 3000 });
    assert.equal(await form.getByRole('textbox', { name: 'Incoming webhook URL' }).inputValue(), '');
    await form.getByText('Leave empty to keep the current URL (127.0.0.1').waitFor();
    assert.equal(await form.getByRole('switch', { name: 'Only responses with a comment' }).isChecked(), true);
    await assertAccessible(page, 'Editing an alert rule');
    await screenshot(page, 'connections-alerts-edit-1280');
    // Escape cancels and returns focus to Edit.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Edit Shout-outs', undefined, { timeout: 3000 });
    await page.keyboard.press('Enter');
    await name.waitFor();
    await name.fill('Praise');
    await form.getByRole('combobox', { name: 'From' }).selectOption('4');
    await form.getByRole('button', { name: 'Save changes' }).focus();
    await page.keyboard.press('Enter');
    const edited = alerts.getByRole('listitem').filter({ hasText: 'Praise' });
    await edited.getByText('4–5 stars · with a comment').waitFor();
    await edited.getByRole('status').filter({ hasText: 'Alert “Praise” saved.' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Edit Praise', undefined, { timeout: 3000 });
    const after = await stored();
    assert.deepEqual([after.name, after.min_rating, after.max_rating, after.enabled], ['Praise', 4, 5, 0], 'editing keeps it paused');
    assert.equal(after.url, before.url, 'an empty URL field keeps the sealed URL');

    // Resume with the keyboard.
    await edited.getByRole('switch', { name: 'Praise On' }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.checked === true, undefined, { timeout: 3000 });
    await edited.getByText('Paused', { exact: true }).waitFor({ state: 'detached' });
    assert.equal((await stored()).enabled, 1);
  });

  it('shows a paused rule and the edit form within a phone screen', async () => {
    const page = await signedIn(admin, PHONE);
    await page.goto(`${baseUrl}/settings/connections`);
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const rule = alerts.getByRole('listitem').filter({ hasText: 'Praise' });
    await rule.getByRole('switch', { name: 'Praise On' }).click();
    await rule.getByText('Paused', { exact: true }).waitFor();
    await assertFits(page, 'Alerts with a paused rule at 390 px');
    await screenshot(page, 'connections-alerts-paused-390');
    await rule.getByRole('button', { name: 'Edit Praise' }).click();
    await alerts.getByRole('region', { name: 'Edit “Praise”' }).waitFor();
    await assertFits(page, 'Editing an alert at 390 px');
    await assertAccessible(page, 'Editing an alert rule on a phone');
    await screenshot(page, 'connections-alerts-edit-390');
  });

  it('is not offered to a team leader, and the API refuses them', async () => {
    const page = await signedIn(lead, DESKTOP);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).count(), 0);
    await page.goto(`${baseUrl}/settings/connections`);
    await page.getByText('Only admins manage connections').waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Helpdesk' }).count(), 0);
    const me = await (await page.request.get(`${baseUrl}/app/api/me`)).json() as { csrf_token: string };
    const list = await page.request.get(`${baseUrl}/app/api/connections`);
    assert.equal(list.status(), 403);
    assert.equal(list.headers()['cache-control'], 'no-store');
    const create = await page.request.post(`${baseUrl}/app/api/connections`, { headers: { 'x-csrf-token': me.csrf_token }, data: { kind: 'generic', name: 'Sneaky', mapping: MAPPING } });
    assert.equal(create.status(), 403);
    assert.equal((await ctx.db.kysely.selectFrom('connections').select('id').where('company_id', '=', company.id).execute()).length, 0);
  });
});
