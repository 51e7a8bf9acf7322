import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidInputError } from '../src/lib/errors.ts';
import { createCompany } from './helpers/factories.ts';
import { isPng, readImage, solidImage, svgImage } from './helpers/images.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let baseUrl: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
});
after(() => ctx.close());

const media = () => ctx.services.media;
const get = (key: string, init: RequestInit = {}) => fetch(`${baseUrl}/media/${key}`, init);

/** The refusal of an upload: an InvalidInputError (400) whose message matches. */
async function refused(upload: Promise<unknown>, message: RegExp) {
  await assert.rejects(upload, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, String(error));
    assert.match(error.message, message);
    return true;
  });
}

describe('MediaService on DATA_DIR/media', () => {
  it('resizes PNG, JPEG, WebP and SVG uploads to PNGs of the purpose\'s size, and serves them', async () => {
    const company = await createCompany(ctx.services);
    const cases = [
      { purpose: 'logo', body: await solidImage('png', 1000, 500), type: 'image/png', size: [320, 160] },
      { purpose: 'logo', body: await solidImage('jpeg', 120, 60), type: 'image/jpeg', size: [120, 60] },
      { purpose: 'photo', body: await solidImage('jpeg', 300, 900), type: 'image/jpeg', size: [256, 256] },
      { purpose: 'photo', body: await solidImage('webp', 600, 600), type: 'image/webp', size: [256, 256] },
      { purpose: 'logo', body: svgImage(120, 40), type: 'image/svg+xml', size: [480, 160] },
      { purpose: 'photo', body: svgImage(50, 50), type: 'image/svg+xml', size: [256, 256] },
    ] as const;
    for (const c of cases) {
      const stored = await media().store(company.id, c.purpose, c.body, c.type);
      assert.match(stored.key, /^[0-9a-f]{32}\.png$/);
      assert.deepEqual([stored.contentType, stored.width, stored.height], ['image/png', ...c.size], `${c.type} ${c.purpose}`);
      const response = await get(stored.key);
      assert.equal(response.status, 200);
      const served = Buffer.from(await response.arrayBuffer());
      assert.ok(isPng(served));
      assert.equal(served.length, stored.bytes);
      assert.deepEqual(await readImage(served), { format: 'png', width: c.size[0], height: c.size[1], exif: false, icc: false });
      const row = await ctx.db.kysely.selectFrom('media').selectAll().where('key', '=', stored.key).executeTakeFirstOrThrow();
      assert.deepEqual([Number(row.company_id), row.purpose, row.width, row.height, row.bytes], [company.id, c.purpose, ...c.size, served.length]);
    }
  });

  it('strips metadata (EXIF) from uploads', async () => {
    const company = await createCompany(ctx.services);
    const withExif = await sharp(await solidImage('jpeg', 400, 400)).withExif({ IFD0: { Copyright: 'secret location' } }).jpeg().toBuffer();
    assert.ok((await readImage(withExif)).exif, 'the upload has EXIF');
    const stored = await media().store(company.id, 'photo', withExif, 'image/jpeg');
    const served = Buffer.from(await (await get(stored.key)).arrayBuffer());
    assert.equal((await readImage(served)).exif, false);
    assert.ok(!served.includes('secret location'));
  });

  it('serves with long-lived caching, nosniff, a locked-down CSP and an ETag; HEAD and If-None-Match work', async () => {
    const company = await createCompany(ctx.services);
    const stored = await media().store(company.id, 'logo', await solidImage('png', 200, 100), 'image/png');
    const response = await get(stored.key);
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-security-policy'), "default-src 'none'");
    const row = await ctx.db.kysely.selectFrom('media').select('sha256').where('key', '=', stored.key).executeTakeFirstOrThrow();
    assert.equal(response.headers.get('etag'), `"${row.sha256}"`);
    const { createHash } = await import('node:crypto');
    assert.equal(row.sha256, createHash('sha256').update(body).digest('hex'));

    const head = await get(stored.key, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(body.length));
    assert.equal(head.headers.get('content-type'), 'image/png');
    assert.equal((await head.arrayBuffer()).byteLength, 0);

    const again = await get(stored.key, { headers: { 'if-none-match': `"${row.sha256}"` } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('answers 404 for a key of another shape or an unknown key, without reaching outside the store', async () => {
    for (const key of ['0123456789abcdef0123456789abcdef.png', 'nope', '..%2F..%2Fetc%2Fpasswd', '0123456789ABCDEF0123456789ABCDEF.png', '0123456789abcdef0123456789abcdef.svg']) {
      const response = await get(key);
      assert.equal(response.status, 404, key);
      assert.notEqual(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', key);
    }
    assert.equal((await get('nope', { method: 'HEAD' })).status, 404);
  });

  it('remove() deletes the row and the file, only for the owning company', async () => {
    const owner = await createCompany(ctx.services);
    const other = await createCompany(ctx.services);
    const stored = await media().store(owner.id, 'photo', await solidImage('png', 300, 300), 'image/png');
    const file = path.join(ctx.config.media.kind === 'file' ? ctx.config.media.dir : '', stored.key);
    assert.ok(fs.existsSync(file), 'stored under DATA_DIR/media');
    assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
    await media().remove(other.id, stored.key);
    assert.equal((await get(stored.key)).status, 200, 'another company cannot remove it');
    await media().remove(owner.id, stored.key);
    assert.equal((await get(stored.key)).status, 404);
    assert.ok(!fs.existsSync(file));
    await media().remove(owner.id, stored.key);
  });

  it('refuses what is not an accepted image, saying what is accepted', async () => {
    const company = await createCompany(ctx.services);
    const store = (body: Buffer, type = 'image/png', purpose: 'logo' | 'photo' = 'logo') => media().store(company.id, purpose, body, type);
    const accepted = /PNG, JPEG, WebP or SVG image of at most 5 MB and 8000x8000 pixels/;
    await refused(store(Buffer.from('just some text, renamed photo.png\n')), accepted);
    await refused(store(Buffer.from('GIF89a not really')), accepted);
    await refused(store(await sharp({ create: { width: 20, height: 20, channels: 3, background: 'red' } }).gif().toBuffer(), 'image/png'), accepted);
    await refused(store((await solidImage('png', 400, 400)).subarray(0, 200)), accepted);
    await refused(store(await solidImage('png', 100, 100), 'text/html'), /content-type text\/html is not accepted/);
    await refused(store(Buffer.alloc(0)), /empty/);
    await refused(store(Buffer.alloc(5 * 1024 * 1024 + 1, 1)), /5\.0 MB/);
    const huge = await sharp({ create: { width: 9000, height: 8000, channels: 3, background: 'white' } }).png({ compressionLevel: 9 }).toBuffer();
    await refused(store(huge), /9000x8000 pixels/);
    const frame = await solidImage('png', 40, 40);
    const blue = await sharp({ create: { width: 40, height: 40, channels: 3, background: 'blue' } }).png().toBuffer();
    const animated = await sharp([frame, blue], { join: { animated: true } }).webp().toBuffer();
    assert.ok(((await sharp(animated).metadata()).pages ?? 1) > 1, 'the fixture is animated');
    await refused(store(animated, 'image/webp'), /animated images are not accepted/);
    const count = await ctx.db.kysely.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing refused was stored');
  });

  it('rasterises an SVG with a script (only pixels are served) and refuses SVGs that reference anything outside themselves', async () => {
    const company = await createCompany(ctx.services);
    const scripted = svgImage(100, 100, '<script>alert(document.cookie)</script><a href="#x"><circle cx="5" cy="5" r="4" onclick="alert(1)"/></a>');
    const stored = await media().store(company.id, 'photo', scripted, 'image/svg+xml');
    const served = Buffer.from(await (await get(stored.key)).arrayBuffer());
    assert.ok(isPng(served));
    assert.ok(!served.includes('script') && !served.includes('alert'));
    const dataUri = svgImage(20, 20, `<image width="10" height="10" href="data:image/png;base64,${(await solidImage('png', 4, 4)).toString('base64')}"/>`);
    assert.equal((await media().store(company.id, 'logo', dataUri, 'image/svg+xml')).contentType, 'image/png', 'data: URIs are self-contained');
    const external = [
      ['<image width="10" height="10" href="http://tracker.example/pixel.png"/>', /http:\/\/tracker\.example\/pixel\.png/],
      ['<image width="10" height="10" xlink:href="file:///etc/passwd"/>', /file:\/\/\/etc\/passwd/],
      ['<image width="10" height="10" xlink:href = \'https://cdn.example/a.svg\'/>', /https:\/\/cdn\.example/],
      ['<image width="10" height="10" href="&#104;ttp://x.example/a.png"/>', /http:\/\/x\.example/],
      ['<rect width="5" height="5" style="fill: url(http://x.example/p.svg#g)"/>', /loads "http:\/\/x\.example/],
      ['<style>@import url(https://fonts.example/f.css);</style>', /imports another document/],
    ] as const;
    for (const [inner, message] of external) {
      await refused(media().store(company.id, 'logo', svgImage(40, 40, inner), 'image/svg+xml'), message);
      await refused(media().store(company.id, 'logo', svgImage(40, 40, inner), 'image/svg+xml'), /an SVG must be self-contained/);
    }
    const entity = Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>');
    await refused(media().store(company.id, 'logo', entity, 'image/svg+xml'), /external entity/);
  });
});
