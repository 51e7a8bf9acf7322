import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { can } from '../access/policy.ts';
import { ACCEPTED_TYPES, MAX_UPLOAD_BYTES } from '../media/media-image.ts';
import { CSRF_REFUSAL } from '../sessions/session-auth.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { EmployeeParams, Profile, ProfileInput } from './profile.schemas.ts';

const tags = ['Web app'];
const security = [{ session: [] }];
const UPLOAD = `Send the image itself as the body, with its content-type (${ACCEPTED_TYPES.join(', ')}; at most 5 MB and 8000x8000 pixels; the bytes decide the format, an SVG is rasterised and may not reference anything outside itself). It is stored as a 256x256 PNG (cropped to the square, centred on what matters) and served at PUBLIC_URL/media/<key>; the photo it replaces is deleted.`;
const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } });
const noCsrf = errorResponse(403, { description: "Forbidden: no session's CSRF token in x-csrf-token", example: { error: 'Forbidden', message: CSRF_REFUSAL } });
const notAdmin = errorResponse(403, { description: 'Forbidden: only admins (and employees with manage_users) change other employees, and the request needs x-csrf-token', example: { error: 'Forbidden', message: 'Forbidden: only admins may change another employee\'s photo' } });
const noEmployee = errorResponse(404, { description: 'Not Found: your company has no employee of this id', example: { error: 'Not Found', message: 'No employee 42' } });
const badImage = errorResponse(400, { description: 'Bad Request: not an accepted image (the message says what is accepted)', example: { error: 'Bad Request', message: 'the file is not a readable image: send a PNG, JPEG, WebP or SVG image of at most 5 MB and 8000x8000 pixels' } });
const tooLarge = errorResponse(413, { description: 'Payload Too Large: the image is over 5 MB', example: { error: 'Payload Too Large', message: 'body is larger than the 5 MB limit' } });
const notImage = errorResponse(415, { description: 'Unsupported Media Type: the body is not sent as an image', example: { error: 'Unsupported Media Type', message: 'Content-Type must be an image type' } });
const saved = { 200: jsonResponse("The employee's photo and title now", ref(Profile)) };
const uploadErrors = { 400: badImage, 401: signedOut, 413: tooLarge, 415: notImage, ...errorResponses() };

/** The raw image of a request, or a 400 saying how to send it. */
function imageOf(body: unknown, contentType: string | undefined): { body: Buffer; contentType: string } {
  if (!Buffer.isBuffer(body) || !contentType) throw new InvalidInputError(`send the image as the request body with its content-type (${ACCEPTED_TYPES.join(', ')})`);
  return { body, contentType };
}

/**
 * The signed-in employee's photo and title (/app/api/me/photo, /app/api/me/profile), and admins'
 * changes to the photo of any employee of their company (/app/api/employees/:id/photo).
 */
export const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const profiles = app.services.employeeProfiles;
  await app.register(async (scoped) => {
    const signedIn = scoped.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', app.requireSession);
    signedIn.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    signedIn.addContentTypeParser(/^image\/[\w.+-]+$/i, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
    /** Before any body is read: only admins (manage_users) change another employee, and only one of their company (404 otherwise). */
    const mayManage = async (request: FastifyRequest) => {
      const { scope, company } = request.session;
      if (!can(scope, 'manage-employees', { companyId: company.id })) throw new ForbiddenError("Forbidden: only admins may change another employee's photo");
      const id = Number((request.params as { id?: string }).id);
      if (Number.isSafeInteger(id) && id > 0) await profiles.profile(company.id, id);
    };

    signedIn.put('/app/api/me/photo', {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { operationId: 'setMyPhoto', tags, security, summary: 'Upload your photo', description: `Your photo, shown to customers in emails and on survey pages. ${UPLOAD} Needs x-csrf-token.`, response: { ...saved, ...uploadErrors, 403: noCsrf } },
    }, async (request) => {
      const { company, employee } = request.session;
      const image = imageOf(request.body, request.headers['content-type']);
      return profiles.setPhoto(company.id, employee.id, image.body, image.contentType);
    });

    signedIn.delete('/app/api/me/photo', {
      schema: { operationId: 'removeMyPhoto', tags, security, summary: 'Remove your photo', description: 'Deletes your uploaded photo (an image URL given through the provisioning API is shown instead, if any). Needs x-csrf-token.', response: { ...saved, 401: signedOut, 403: noCsrf, ...errorResponses() } },
    }, async (request) => {
      const { company, employee } = request.session;
      return profiles.removePhoto(company.id, employee.id);
    });

    signedIn.put('/app/api/me/profile', {
      schema: {
        operationId: 'updateMyProfile',
        tags,
        security,
        summary: 'Your title',
        description: 'Sets the job title shown to customers beside your name and photo. Needs x-csrf-token.',
        body: ref(ProfileInput),
        response: {
          ...saved,
          ...jsonBodyErrors,
          400: errorResponse(400, { description: 'Bad Request: title is missing, too long or not one line', example: { error: 'Bad Request', message: 'title must be at most 80 characters' } }),
          401: signedOut,
          403: noCsrf,
          ...errorResponses(),
        },
      },
    }, async (request) => {
      const { company, employee } = request.session;
      return profiles.setTitle(company.id, employee.id, request.body.title);
    });

    signedIn.put('/app/api/employees/:id/photo', {
      bodyLimit: MAX_UPLOAD_BYTES,
      onRequest: mayManage,
      schema: {
        operationId: 'setEmployeePhoto', tags, security, summary: "Upload an employee's photo",
        description: `Admins (and employees with manage_users) set the photo of an employee of their company. ${UPLOAD} Needs x-csrf-token.`,
        params: EmployeeParams,
        response: { ...saved, ...uploadErrors, 403: notAdmin, 404: noEmployee },
      },
    }, async (request) => {
      const image = imageOf(request.body, request.headers['content-type']);
      return profiles.setPhoto(request.session.company.id, request.params.id, image.body, image.contentType);
    });

    signedIn.delete('/app/api/employees/:id/photo', {
      onRequest: mayManage,
      schema: {
        operationId: 'removeEmployeePhoto', tags, security, summary: "Remove an employee's photo",
        description: 'Admins (and employees with manage_users) delete the uploaded photo of an employee of their company. Needs x-csrf-token.',
        params: EmployeeParams,
        response: { ...saved, 401: signedOut, 403: notAdmin, 404: noEmployee, ...errorResponses() },
      },
    }, async (request) => profiles.removePhoto(request.session.company.id, request.params.id));
  });
};

