import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../lib/errors.ts';
import { ErrorBody, errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './employee-fields.ts';
import { crossSite, html } from './page-replies.ts';
import { passwordChangedPage, RESET_PROBLEMS, resetPasswordPage, resetProblemPage } from './password-reset-pages.ts';
import { RESET_REQUESTS_PER_HOUR, RESET_VALID_MINUTES, type ResetLinkProblem } from './password-reset.service.ts';

const STATUS: Record<ResetLinkProblem | 'forbidden', number> = { unknown: 404, used: 410, expired: 410, inactive: 410, forbidden: 403 };
const TAG = 'Web app';
const CHANGED = { message: 'Your password is changed and you were logged out everywhere. Log in with your new password.' };
const ACCEPTED = { message: 'If an active account has this email, a password reset link is on its way. It works once, for one hour.' };

const Message = Type.Object({ message: Type.String({ description: 'What happens next, to show the person' }) }, { additionalProperties: false });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/**
 * "Forgot password": the JSON API of the web app (POST /app/api/password-reset and .../confirm)
 * and the server-rendered page the emailed link opens (GET/POST /reset-password/:token).
 */
export const passwordResetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const resets = app.services.passwordResets;
  // Bodies and URLs carry passwords and secret tokens: no per-request access log lines here.
  const logLevel = 'warn';

  app.post(
    '/app/api/password-reset',
    {
      logLevel,
      schema: {
        operationId: 'requestPasswordReset',
        tags: [TAG],
        security: [],
        summary: 'Send a password reset link',
        description: `Emails a single-use link (valid ${RESET_VALID_MINUTES} minutes; a newer request replaces it) to the active account with this email, in \`company\` (its subdomain) when given, else in each company where one exists. Always answers 202 with the same body, whether or not such an account exists; beyond ${RESET_REQUESTS_PER_HOUR} requests an hour for one email or from one client address, nothing more is sent.`,
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 320, description: 'The email of the account' }),
            company: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "The company's subdomain, when the person knows it" })),
          },
          { additionalProperties: false },
        ),
        response: { 202: jsonResponse('Accepted: the same answer whether or not the account exists', Message, { example: ACCEPTED }), ...jsonBodyErrors, ...errorResponses() },
      },
    },
    async (request, reply) => {
      await resets.request(request.body.email, request.body.company, request.ip);
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    '/app/api/password-reset/confirm',
    {
      logLevel,
      schema: {
        operationId: 'confirmPasswordReset',
        tags: [TAG],
        security: [],
        summary: 'Set a new password with a reset link',
        description: `Sets the password of the account the link's \`token\` belongs to (${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters) and ends all its sessions. The token works once: a used, replaced or expired token answers 410, an unknown one 404, a password refused 400.`,
        body: Type.Object(
          {
            token: Type.String({ maxLength: 200, description: 'The last part of the emailed link, /reset-password/<token>' }),
            password: Type.String({ maxLength: 1000, description: 'The new password' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: jsonResponse('The password is changed and every session of the account ended', Message, { example: CHANGED }),
          ...jsonBodyErrors,
          400: errorResponse(400, { description: 'Bad Request: the password is refused (too short or too long)', example: { error: 'Bad Request', message: `Your password must be at least ${MIN_PASSWORD_LENGTH} characters long.` } }),
          404: errorResponse(404, { description: 'Not Found: no reset link has this token', example: { error: 'Not Found', message: RESET_PROBLEMS.unknown[1] } }),
          410: jsonResponse('Gone: the link was used, replaced by a newer one, has expired, or the account is no longer active; ask for a new link', ref(ErrorBody), { example: { error: 'Gone', message: RESET_PROBLEMS.expired[1] } }),
          ...errorResponses(),
        },
      },
    },
    async (request, reply) => {
      const result = await resets.reset(request.body.token, request.body.password);
      if (result.ok) return reply.status(200).send(CHANGED);
      if ('state' in result) throw new AppError(STATUS[result.state], RESET_PROBLEMS[result.state][1]);
      throw new AppError(400, result.problem);
    },
  );

  app.get('/reset-password/:token', { logLevel, schema: { params: TokenParams, hide: true } }, async (request, reply) => {
    const current = await resets.check(request.params.token);
    if (current.state !== 'valid') return html(reply, STATUS[current.state], resetProblemPage(current.state));
    return html(reply, 200, resetPasswordPage(current.companyName, current.employee.email, MIN_PASSWORD_LENGTH));
  });

  // No body schema: the form is checked by the service, which names what is wrong on the page.
  app.post('/reset-password/:token', { logLevel, schema: { params: TokenParams, hide: true } }, async (request, reply) => {
    if (crossSite(request, app.services.config.publicUrl)) return html(reply, 403, resetProblemPage('forbidden'));
    const body: { password?: unknown; password_confirmation?: unknown } = typeof request.body === 'object' && request.body !== null ? request.body : {};
    const current = await resets.check(request.params.token);
    if (current.state !== 'valid') return html(reply, STATUS[current.state], resetProblemPage(current.state));
    const result = await resets.reset(request.params.token, body.password, body.password_confirmation);
    if (result.ok) return html(reply, 200, passwordChangedPage(current.companyName));
    if ('state' in result) return html(reply, STATUS[result.state], resetProblemPage(result.state));
    return html(reply, 422, resetPasswordPage(current.companyName, current.employee.email, MIN_PASSWORD_LENGTH, result.problem));
  });
};
