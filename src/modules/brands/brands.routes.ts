import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { signedInRoutes } from '../sessions/signed-in-routes.ts';
import { BrandList, BrandParams, BrandUpdate, BrandView } from './brands.schemas.ts';
import { ADMINS_ONLY } from './brands.service.ts';

/** Largest logo upload. */
export const MAX_LOGO_BYTES = 5 * 1024 * 1024;

const tags = ['Web app'];
const security = [{ session: [] }];
const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } });
const forbidden = errorResponse(403, { description: "Forbidden: not an admin (or manage_settings), or no session's CSRF token in x-csrf-token on a write", example: { error: 'Forbidden', message: ADMINS_ONLY } });
const notFound = errorResponse(404, { description: 'Not Found: no brand of your company has this id', example: { error: 'Not Found', message: 'Not Found: no brand 12 in this company' } });
const invalid = errorResponse(400, {
  description: 'Bad Request: a field breaks a rule; the message names it (and, for a pale accent colour, its contrast and a darker colour that passes)',
  example: { error: 'Bad Request', message: 'accent_color #ffcc00 has 1.5:1 contrast on white; text needs 4.5:1 — try #907300' },
});

/** Reads a raw upload of any type, refusing (413, naming the field) beyond MAX_LOGO_BYTES. */
function rawUpload(app: FastifyInstance): void {
  app.addContentTypeParser('*', (_request, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_LOGO_BYTES) {
        failed = true;
        done(new AppError(413, `logo: at most ${MAX_LOGO_BYTES / 1024 / 1024} MB`), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => { if (!failed) done(null, Buffer.concat(chunks)); });
    payload.on('error', (error: Error) => { if (!failed) { failed = true; done(error, undefined); } });
  });
}

/** The web app's Brands page: GET /app/api/brands, PUT /app/api/brands/:id and its logo (admins only). */
export const brandsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.brands;

  await app.register(signedInRoutes((request, id) => service.admit(request.scope, id), async (signedIn) => {
    signedIn.get('/app/api/brands', {
      schema: {
        operationId: 'listBrands',
        tags,
        security,
        summary: "Your company's brands and their kits",
        description: 'Each brand with what customers see: display name, logo, accent colour, sender name and copy per language. Admins only.',
        response: { 200: jsonResponse('The brands', ref(BrandList)), 401: signedOut, 403: forbidden, ...errorResponses() },
      },
    }, async (request) => service.list(request.scope));

    signedIn.put('/app/api/brands/:id', {
      schema: {
        operationId: 'updateBrand',
        tags,
        security,
        summary: "Change a brand's kit",
        description: 'Changes the fields given (null or an empty text clears one; copy replaces the whole copy). Emails and survey pages use the change at once. Admins only; needs x-csrf-token.',
        params: BrandParams,
        body: ref(BrandUpdate),
        response: { 200: jsonResponse('The brand as saved', ref(BrandView)), ...jsonBodyErrors, 400: invalid, 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.update(request.scope, request.params.id, request.body));

    signedIn.delete('/app/api/brands/:id/logo', {
      schema: {
        operationId: 'removeBrandLogo',
        tags,
        security,
        summary: "Remove a brand's logo",
        description: 'Emails and survey pages then show the brand name instead. Admins only; needs x-csrf-token.',
        params: BrandParams,
        response: { 200: jsonResponse('The brand as saved', ref(BrandView)), 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.removeLogo(request.scope, request.params.id));

    await signedIn.register(async (uploads) => {
      rawUpload(uploads);
      uploads.withTypeProvider<TypeBoxTypeProvider>().put('/app/api/brands/:id/logo', {
        schema: {
          operationId: 'setBrandLogo',
          tags,
          security,
          summary: "Upload a brand's logo",
          description: `The image itself as the body (PNG, JPEG, WebP or SVG, at most ${MAX_LOGO_BYTES / 1024 / 1024} MB) with its Content-Type. It is checked, resized and served by this service; the logo it replaces is removed. Admins only; needs x-csrf-token.`,
          params: BrandParams,
          response: {
            200: jsonResponse('The brand as saved', ref(BrandView)),
            400: errorResponse(400, { description: 'Bad Request: the body is not an image this service accepts; the message says why', example: { error: 'Bad Request', message: 'logo: not a PNG, JPEG, WebP or SVG image' } }),
            401: signedOut,
            403: forbidden,
            404: notFound,
            413: errorResponse(413, { description: 'Payload Too Large: the image is over 5 MB', example: { error: 'Payload Too Large', message: 'logo: at most 5 MB' } }),
            ...errorResponses(),
          },
        },
      }, async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const contentType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        return service.setLogo(request.scope, request.params.id, body, contentType);
      });
    });
  }));
};
