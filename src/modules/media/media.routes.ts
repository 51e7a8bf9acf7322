import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { MEDIA_KEY } from './media.service.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Served images are never documents: nothing in them may load or run. */
const IMAGE_CSP = "default-src 'none'";
const KeyParams = Type.Object({ key: Type.String({ maxLength: 64 }) });

/**
 * GET and HEAD /media/:key: uploaded images (brand logos, employee photos), public because emails
 * and survey pages load them; keys are unguessable and an image never changes under its key.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const media = app.services.media;
  const notFound = { error: 'Not Found', message: 'No image of this key' };

  app.get('/media/:key', { schema: { hide: true, params: KeyParams } }, async (request, reply) => {
    const { key } = request.params;
    if (!MEDIA_KEY.test(key)) return reply.code(404).send(notFound);
    const described = await media.describe(key);
    if (!described) return reply.code(404).send(notFound);
    const etag = `"${described.sha256}"`;
    reply
      .header('cache-control', IMMUTABLE)
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', IMAGE_CSP)
      .header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    if (request.method === 'HEAD') {
      // An (empty) stream keeps the content-length set here; the blob itself is not opened.
      return reply.type(described.content_type).header('content-length', String(described.bytes)).send(Readable.from([]));
    }
    const opened = await media.open(key);
    if (!opened) return reply.code(404).header('cache-control', 'no-store').send(notFound);
    return reply.type(opened.row.content_type).header('content-length', String(opened.row.bytes)).send(opened.body);
  });
};
