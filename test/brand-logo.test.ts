import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { brandPresentation } from '../src/modules/companies/brand-presentation.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { setPassword, signIn, type Browser } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** Brand logos end to end: uploaded through the web app's API, stored by the media service, served at /media/<key>, replaced and removed. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const png = (color: string) => sharp({ create: { width: 600, height: 200, channels: 4, background: color } }).png().toBuffer();
const upload = (browser: Browser, id: number, body: Buffer, type: string) =>
  ctx.app.inject({ method: 'PUT', url: `/app/api/brands/${id}/logo`, headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf, 'content-type': type }, payload: body });

describe('brand logos', () => {
  it('uploads, serves, replaces (the old one removed) and removes a logo; emails and pages see it', async () => {
    const company = await createCompany(ctx.services, { brands: ['peak'] });
    const admin = await createEmployee(ctx.services, company.id, { role: 'Admin' });
    await setPassword(ctx.db, admin);
    const browser = await signIn(ctx.app, admin.email);
    const [brand] = (await browser.send(ctx.app, 'GET', '/app/api/brands')).json().brands;

    const first = await upload(browser, brand.id, await png('#0f5f8c'), 'image/png');
    assert.equal(first.statusCode, 200, first.body);
    const firstUrl: string = first.json().logo_url;
    assert.match(firstUrl, /\/media\/[0-9a-f]{32}\.png$/);
    const served = await ctx.app.inject({ method: 'GET', url: new URL(firstUrl).pathname });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    const company1 = await ctx.services.credentials.company(company.id);
    assert.equal(brandPresentation(company1!, brand.id, 'fr', ctx.config.publicUrl).logoUrl, firstUrl, 'emails and pages use it');

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="300" height="100" fill="#b3261e"/></svg>');
    const second = await upload(browser, brand.id, svg, 'image/svg+xml');
    assert.equal(second.statusCode, 200, second.body);
    assert.notEqual(second.json().logo_url, firstUrl);
    assert.equal((await ctx.app.inject({ method: 'GET', url: new URL(firstUrl).pathname })).statusCode, 404, 'the replaced logo is removed');
    const firstKey = firstUrl.split('/').pop()!;
    assert.equal((await ctx.db.kysely.selectFrom('media').select('key').where('key', '=', firstKey).execute()).length, 0);

    const refused = await upload(browser, brand.id, Buffer.from('GIF89a not really'), 'image/gif');
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().message, /logo|image/i);
    assert.equal((await browser.send(ctx.app, 'GET', '/app/api/brands')).json().brands[0].logo_url, second.json().logo_url, 'a refused upload changes nothing');

    const removed = await browser.send(ctx.app, 'DELETE', `/app/api/brands/${brand.id}/logo`);
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.json().logo_url, null);
    assert.equal((await ctx.app.inject({ method: 'GET', url: new URL(second.json().logo_url).pathname })).statusCode, 404);
  });
});
