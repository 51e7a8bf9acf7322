import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsClient } from 'aws4fetch';
import { S3BlobStore } from '../src/modules/media/s3-blob-store.ts';
import { createCompany } from './helpers/factories.ts';
import { isPng, readImage, solidImage, svgImage } from './helpers/images.ts';
import { startS3rver, type S3Server } from './helpers/s3rver.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

const BUCKET = 'agent-connect-media';
let s3: S3Server;
let ctx: TestContext;
let baseUrl: string;
let bucket: AwsClient;

before(async () => {
  s3 = await startS3rver();
  bucket = new AwsClient({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: 'us-east-1', service: 's3' });
  const created = await bucket.fetch(`${s3.endpoint}/${BUCKET}`, { method: 'PUT' });
  assert.equal(created.status, 200, await created.text());
  ({ ctx, baseUrl } = await createListeningTestContext({
    MEDIA_S3_BUCKET: BUCKET,
    MEDIA_S3_ENDPOINT: s3.endpoint,
    MEDIA_S3_ACCESS_KEY_ID: s3.accessKeyId,
    MEDIA_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    MEDIA_S3_PREFIX: 'uploads/media/',
  }));
});
after(async () => {
  await ctx?.close();
  await s3?.close();
});

const objectUrl = (key: string) => `${s3.endpoint}/${BUCKET}/uploads/media/${key}`;

describe('MediaService on an S3-compatible bucket (s3rver)', () => {
  it('stores the PNG in the bucket under the prefix, serves it at /media/<key> with caching headers, and deletes it on remove', async () => {
    assert.equal(ctx.config.media.kind, 's3');
    const company = await createCompany(ctx.services);
    const stored = await ctx.services.media.store(company.id, 'logo', await solidImage('jpeg', 960, 160), 'image/jpeg');
    assert.deepEqual([stored.width, stored.height], [480, 80]);

    const object = await bucket.fetch(objectUrl(stored.key));
    assert.equal(object.status, 200);
    assert.equal(object.headers.get('content-type'), 'image/png');
    const inBucket = Buffer.from(await object.arrayBuffer());

    const served = await fetch(`${baseUrl}/media/${stored.key}`);
    assert.equal(served.status, 200);
    const body = Buffer.from(await served.arrayBuffer());
    assert.ok(body.equals(inBucket), 'the bytes of the bucket object');
    assert.ok(isPng(body));
    assert.deepEqual(await readImage(body), { format: 'png', width: 480, height: 80, exif: false, icc: false });
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(served.headers.get('content-security-policy'), "default-src 'none'");
    assert.match(served.headers.get('etag') ?? '', /^"[0-9a-f]{64}"$/);

    await ctx.services.media.remove(company.id, stored.key);
    assert.equal((await bucket.fetch(objectUrl(stored.key))).status, 404, 'the object is deleted');
    assert.equal((await fetch(`${baseUrl}/media/${stored.key}`)).status, 404);
  });

  it('rasterises an SVG into the bucket', async () => {
    const company = await createCompany(ctx.services);
    const stored = await ctx.services.media.store(company.id, 'photo', svgImage(64, 64, '<script>alert(1)</script>'), 'image/svg+xml');
    const body = Buffer.from(await (await fetch(`${baseUrl}/media/${stored.key}`)).arrayBuffer());
    assert.deepEqual(await readImage(body), { format: 'png', width: 256, height: 256, exif: false, icc: false });
  });

  it('answers 404 when the row exists but the object is gone from the bucket', async () => {
    const company = await createCompany(ctx.services);
    const stored = await ctx.services.media.store(company.id, 'photo', await solidImage('png', 300, 300), 'image/png');
    assert.equal((await bucket.fetch(objectUrl(stored.key), { method: 'DELETE' })).status, 204);
    const response = await fetch(`${baseUrl}/media/${stored.key}`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  it('fails loudly, storing nothing, when the bucket refuses the credentials', async () => {
    const wrong = new S3BlobStore({ kind: 's3', bucket: BUCKET, endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: 'NOT-A-KEY', secretAccessKey: 'not-the-secret', prefix: 'uploads/media/' });
    await assert.rejects(wrong.put('0123456789abcdef0123456789abcdef.png', Buffer.from('x'), 'image/png'), /refused PUT .*403/);
    assert.equal((await bucket.fetch(objectUrl('0123456789abcdef0123456789abcdef.png'))).status, 404);
  });
});
