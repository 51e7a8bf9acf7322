import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { isPng, readImage, solidImage, svgImage } from './helpers/images.ts';
import { setPassword, signIn, type Browser } from './helpers/sessions.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let baseUrl: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext({ PUBLIC_URL: 'https://feedback.example' }));
});
after(() => ctx.close());

async function person(companyId: number, role = 'Team Member [Default]') {
  const employee = await createEmployee(ctx.services, companyId, { role, firstName: 'Sam' });
  await setPassword(ctx.db, employee);
  return { employee, browser: await signIn(ctx.app, employee.email) };
}

/** A request over real HTTP with the browser's cookie and CSRF token. */
function send(browser: Browser, method: string, url: string, body?: Buffer | string, type?: string, csrf = true) {
  const headers: Record<string, string> = { cookie: browser.cookie, ...(csrf ? { 'x-csrf-token': browser.csrf } : {}), ...(type ? { 'content-type': type } : {}) };
  return fetch(`${baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : new Uint8Array(Buffer.from(body)) });
}

const keyOf = (url: string) => url.replace('https://feedback.example/media/', '');
const photoKey = async (companyId: number, id: number) =>
  (await ctx.db.kysely.selectFrom('employees').select(['photo_key', 'title']).where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow());
const mediaCount = async (companyId: number) =>
  Number((await ctx.db.kysely.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow()).n);

describe('PUT/DELETE /app/api/me/photo and PUT /app/api/me/profile', () => {
  it('uploads, replaces (forgetting the old image) and removes your photo; /app/api/me shows it', async () => {
    const company = await createCompany(ctx.services);
    const { employee, browser } = await person(company.id);
    const first = await send(browser, 'PUT', '/app/api/me/photo', await solidImage('jpeg', 800, 600), 'image/jpeg');
    assert.equal(first.status, 200, await first.clone().text());
    const firstUrl = (await first.json()).photo_url as string;
    assert.match(firstUrl, /^https:\/\/feedback\.example\/media\/[0-9a-f]{32}\.png$/);
    const served = Buffer.from(await (await fetch(`${baseUrl}/media/${keyOf(firstUrl)}`)).arrayBuffer());
    assert.ok(isPng(served));
    assert.deepEqual(await readImage(served), { format: 'png', width: 256, height: 256, exif: false, icc: false });
    assert.equal((await (await send(browser, 'GET', '/app/api/me')).json()).employee.photo_url, firstUrl);

    const second = await send(browser, 'PUT', '/app/api/me/photo', svgImage(30, 30), 'image/svg+xml');
    assert.equal(second.status, 200);
    const secondUrl = (await second.json()).photo_url as string;
    assert.notEqual(secondUrl, firstUrl);
    assert.equal((await fetch(`${baseUrl}/media/${keyOf(firstUrl)}`)).status, 404, 'the replaced photo is gone');
    assert.equal(await mediaCount(company.id), 1);
    assert.equal((await photoKey(company.id, employee.id)).photo_key, keyOf(secondUrl));

    const removed = await send(browser, 'DELETE', '/app/api/me/photo');
    assert.equal(removed.status, 200);
    assert.deepEqual(await removed.json(), { title: null, photo_url: null });
    assert.equal((await fetch(`${baseUrl}/media/${keyOf(secondUrl)}`)).status, 404);
    assert.equal(await mediaCount(company.id), 0);
  });

  it('refuses a text file named .png, an external-reference SVG, a non-image type and a body over 5 MB, with messages', async () => {
    const company = await createCompany(ctx.services);
    const { employee, browser } = await person(company.id);
    const text = await send(browser, 'PUT', '/app/api/me/photo', 'hello, I am a text file renamed photo.png', 'image/png');
    assert.equal(text.status, 400);
    assert.match((await text.json()).message, /not a readable image: send a PNG, JPEG, WebP or SVG image of at most 5 MB/);
    const svg = await send(browser, 'PUT', '/app/api/me/photo', svgImage(30, 30, '<image href="https://tracker.example/p.png" width="1" height="1"/>'), 'image/svg+xml');
    assert.equal(svg.status, 400);
    assert.match((await svg.json()).message, /SVG cannot be used because it links to "https:\/\/tracker\.example\/p\.png"/);
    const plain = await send(browser, 'PUT', '/app/api/me/photo', 'x', 'text/plain');
    assert.equal(plain.status, 415);
    const json = await send(browser, 'PUT', '/app/api/me/photo', '{"photo":"x"}', 'application/json');
    assert.equal(json.status, 400);
    assert.match((await json.json()).message, /send the image as the request body with its content-type/);
    const huge = await send(browser, 'PUT', '/app/api/me/photo', Buffer.alloc(5 * 1024 * 1024 + 10, 7), 'image/png');
    assert.equal(huge.status, 413);
    assert.match((await huge.json()).message, /larger than the 5 MB limit/);
    const noCsrf = await send(browser, 'PUT', '/app/api/me/photo', await solidImage('png', 50, 50), 'image/png', false);
    assert.equal(noCsrf.status, 403);
    assert.equal((await fetch(`${baseUrl}/app/api/me/photo`, { method: 'PUT', body: new Uint8Array(await solidImage('png', 50, 50)), headers: { 'content-type': 'image/png' } })).status, 401);
    assert.equal((await photoKey(company.id, employee.id)).photo_key, null);
    assert.equal(await mediaCount(company.id), 0);
  });

  it('sets and clears your title (at most 80 characters, one line)', async () => {
    const company = await createCompany(ctx.services);
    const { employee, browser } = await person(company.id);
    const put = (title: unknown) => send(browser, 'PUT', '/app/api/me/profile', JSON.stringify({ title }), 'application/json');
    const set = await put('  Customer Care Specialist ');
    assert.equal(set.status, 200);
    assert.deepEqual(await set.json(), { title: 'Customer Care Specialist', photo_url: null });
    assert.equal((await (await send(browser, 'GET', '/app/api/me')).json()).employee.title, 'Customer Care Specialist');
    const long = await put('x'.repeat(81));
    assert.equal(long.status, 400);
    assert.match((await long.json()).message, /title/);
    const twoLines = await put('Agent\nSupervisor');
    assert.equal(twoLines.status, 400);
    assert.match((await twoLines.json()).message, /title must be one line/);
    assert.equal((await photoKey(company.id, employee.id)).title, 'Customer Care Specialist');
    assert.deepEqual(await (await put('')).json(), { title: null, photo_url: null });
    assert.equal((await photoKey(company.id, employee.id)).title, null);
  });
});

describe('PUT/DELETE /app/api/employees/:id/photo', () => {
  it('lets an admin set and remove the photo of an employee of their company, not another company\'s (404) nor as a non-admin (403)', async () => {
    const a = await createCompany(ctx.services);
    const b = await createCompany(ctx.services);
    const adminA = await person(a.id, 'Admin');
    const agentA = await person(a.id);
    const adminB = await person(b.id, 'Admin');
    const image = await solidImage('png', 400, 300);

    const set = await send(adminA.browser, 'PUT', `/app/api/employees/${agentA.employee.id}/photo`, image, 'image/png');
    assert.equal(set.status, 200, await set.clone().text());
    const url = (await set.json()).photo_url as string;
    assert.equal((await photoKey(a.id, agentA.employee.id)).photo_key, keyOf(url));

    const foreign = await send(adminB.browser, 'PUT', `/app/api/employees/${agentA.employee.id}/photo`, image, 'image/png');
    assert.equal(foreign.status, 404);
    assert.equal((await send(adminB.browser, 'DELETE', `/app/api/employees/${agentA.employee.id}/photo`)).status, 404);
    const notAdmin = await send(agentA.browser, 'PUT', `/app/api/employees/${adminA.employee.id}/photo`, image, 'image/png');
    assert.equal(notAdmin.status, 403);
    assert.match((await notAdmin.json()).message, /only admins/);
    assert.equal((await photoKey(a.id, agentA.employee.id)).photo_key, keyOf(url), 'unchanged');
    assert.equal((await photoKey(a.id, adminA.employee.id)).photo_key, null);
    assert.equal(await mediaCount(b.id), 0, 'nothing stored for company B');
    assert.equal(await mediaCount(a.id), 1);

    const removed = await send(adminA.browser, 'DELETE', `/app/api/employees/${agentA.employee.id}/photo`);
    assert.equal(removed.status, 200);
    assert.equal((await fetch(`${baseUrl}/media/${keyOf(url)}`)).status, 404);
    assert.equal((await send(adminA.browser, 'PUT', '/app/api/employees/999999999/photo', image, 'image/png')).status, 404);
  });
});

describe('agent-connect employee photo and employee update --title', () => {
  it('uploads a photo from a file, removes it, sets the title, and refuses a file that is not an image', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id, { firstName: 'Sam', customId: 'S-7' });
    const file = path.join(ctx.config.dataDir, 'sam.webp');
    fs.writeFileSync(file, await solidImage('webp', 512, 400));
    const uploaded = await runCli(ctx.env, 'employee', 'photo', '--company', company.subdomain, '--email', 'S-7', '--file', file, '--json');
    assert.equal(uploaded.code, 0, uploaded.stderr);
    const key = keyOf(JSON.parse(uploaded.stdout).photo_url);
    assert.equal((await photoKey(company.id, employee.id)).photo_key, key);
    const served = Buffer.from(await (await fetch(`${baseUrl}/media/${key}`)).arrayBuffer());
    assert.deepEqual(await readImage(served), { format: 'png', width: 256, height: 256, exif: false, icc: false });

    const notImage = path.join(ctx.config.dataDir, 'notes.png');
    fs.writeFileSync(notImage, 'not an image');
    const refused = await runCli(ctx.env, 'employee', 'photo', '--company', company.subdomain, '--email', employee.email, '--file', notImage);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /--file .*notes\.png: the file is not a readable image: send a PNG, JPEG, WebP or SVG image/);
    assert.equal((await photoKey(company.id, employee.id)).photo_key, key, 'the photo is unchanged');

    const removed = await runCli(ctx.env, 'employee', 'photo', '--company', company.subdomain, '--email', employee.email, '--remove');
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /removed/);
    assert.equal((await photoKey(company.id, employee.id)).photo_key, null);
    assert.equal((await fetch(`${baseUrl}/media/${key}`)).status, 404);

    const titled = await runCli(ctx.env, 'employee', 'update', '--company', company.subdomain, '--email', employee.email, '--title', 'Customer Care Specialist');
    assert.equal(titled.code, 0, titled.stderr);
    assert.match(titled.stdout, /title +Customer Care Specialist/);
    assert.equal((await photoKey(company.id, employee.id)).title, 'Customer Care Specialist');
    const tooLong = await runCli(ctx.env, 'employee', 'update', '--company', company.subdomain, '--email', employee.email, '--title', 'x'.repeat(81));
    assert.match(tooLong.stderr, /--title must be at most 80 characters/);
    const unknown = await runCli(ctx.env, 'employee', 'photo', '--company', company.subdomain, '--email', 'nobody@example.com', '--remove');
    assert.match(unknown.stderr, /no employee with email or custom id "nobody@example.com"/);
  });
});
