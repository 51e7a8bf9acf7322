import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { CSRF_REFUSAL } from './session-auth.ts';
import { presentSession, presentSessions } from './sessions.presenter.ts';
import { AppSession, LoginBody, PasswordChangeBody, SessionList, SessionParams } from './sessions.schemas.ts';
import { BAD_CREDENTIALS, NO_SESSION, WRONG_CURRENT_PASSWORD } from './sessions.service.ts';

const tags = ['Web app'];
const security = [{ session: [] }];
const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended (signed out, revoked, idle or too old)', example: { error: 'Unauthorized', message: NO_SESSION } });
const noCsrf = errorResponse(403, { description: 'Forbidden: a state-changing request without the session\'s CSRF token in x-csrf-token', example: { error: 'Forbidden', message: CSRF_REFUSAL } });
const throttled = jsonResponse('Too Many Requests: too many failed sign-ins for this email or from this address; retry after Retry-After seconds', ref(ErrorBody), {
  headers: { 'Retry-After': { type: 'integer', description: 'Seconds until a sign-in may be tried again' } },
  example: { error: 'Too Many Requests', message: 'Too many failed sign-in attempts; try again in 15 minutes' },
});
const empty = { 204: Type.Null({ description: 'Done; no body' }) };

/** /app/api/session(s) and /app/api/me: the web app's sign-in and its sessions (cookie + CSRF token). */
export const sessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.sessions;
  // Answers carry the CSRF token and who is signed in: never kept by a browser or proxy cache.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.post('/app/api/session', {
    schema: {
      operationId: 'signIn',
      tags,
      security: [],
      summary: 'Sign in',
      description: 'Checks the email and password and sets the session cookie (HttpOnly, SameSite=Lax, Secure under HTTPS). After 10 failed attempts in 15 minutes for one email or from one address, sign-ins are refused with 429 for a while.',
      body: ref(LoginBody),
      response: {
        200: jsonResponse('Signed in; the session cookie is set', ref(AppSession)),
        ...jsonBodyErrors,
        400: errorResponse(400, { description: 'Bad Request: a field is missing, or the email and password sign in to several companies and company is not given', example: { error: 'Bad Request', message: 'This email and password sign in to several companies (acme, globex): send company, the subdomain of the one to sign in to' } }),
        401: errorResponse(401, { description: 'Unauthorized: the email or password is not correct (the same answer whether or not the account exists)', example: { error: 'Unauthorized', message: BAD_CREDENTIALS } }),
        429: throttled,
        503: errorResponse(503),
      },
    },
  }, async (request, reply) => {
    const { email, password, company } = request.body;
    const signedIn = await service.login({ email, password, company, address: request.ip, userAgent: request.headers['user-agent'] });
    app.setSessionCookie(request, reply, signedIn.token, signedIn.session.expires_at);
    return presentSession(signedIn, app.services.config.publicUrl);
  });

  await app.register(async (scoped) => {
    const signedIn = scoped.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', app.requireSession);

    signedIn.get('/app/api/me', {
      schema: {
        operationId: 'getCurrentSession',
        tags,
        security,
        summary: 'Who is signed in',
        description: 'The signed-in employee, their company, what they may see, and the CSRF token of the session.',
        response: { 200: jsonResponse('The signed-in employee', ref(AppSession)), 401: signedOut, ...errorResponses() },
      },
    }, async (request) => presentSession(request.session, app.services.config.publicUrl));

    signedIn.delete('/app/api/session', {
      schema: {
        operationId: 'signOut',
        tags,
        security,
        summary: 'Sign out',
        description: 'Ends this session and clears its cookie. Needs x-csrf-token.',
        response: { ...empty, 401: signedOut, 403: noCsrf, ...errorResponses() },
      },
    }, async (request, reply) => {
      await service.logout(request.session);
      app.clearSessionCookie(request, reply);
      return reply.code(204).send();
    });

    signedIn.put('/app/api/me/password', {
      schema: {
        operationId: 'changePassword',
        tags,
        security,
        summary: 'Change your password',
        description: 'Checks the current password (a wrong one counts as a failed sign-in: 429 after 10), stores the new one, ends every session of yours (every browser is signed out) and opens a new session for this browser: its cookie is set and the answer carries its new CSRF token. Needs x-csrf-token.',
        body: ref(PasswordChangeBody),
        response: {
          200: jsonResponse('Changed; this browser has a new session (new cookie and CSRF token), every other session has ended', ref(AppSession)),
          ...jsonBodyErrors,
          400: errorResponse(400, { description: 'Bad Request: the current password is not correct, or the new one is too short, too long or the current one (the message names the field)', example: { error: 'Bad Request', message: WRONG_CURRENT_PASSWORD } }),
          401: signedOut,
          403: noCsrf,
          429: throttled,
          503: errorResponse(503),
        },
      },
    }, async (request, reply) => {
      const { current_password: currentPassword, new_password: newPassword } = request.body;
      const signedIn = await service.changePassword(request.session, { currentPassword, newPassword, address: request.ip, userAgent: request.headers['user-agent'] });
      app.setSessionCookie(request, reply, signedIn.token, signedIn.session.expires_at);
      return presentSession(signedIn, app.services.config.publicUrl);
    });

    signedIn.get('/app/api/sessions', {
      schema: {
        operationId: 'listSessions',
        tags,
        security,
        summary: 'Your sessions',
        description: 'Every session of the signed-in employee (one per browser that signed in), newest first.',
        response: { 200: jsonResponse('Your sessions', ref(SessionList)), 401: signedOut, ...errorResponses() },
      },
    }, async (request) => {
      const { company, employee, session } = request.session;
      return presentSessions(await service.list(company.id, employee.id), session.id);
    });

    signedIn.delete('/app/api/sessions/:id', {
      schema: {
        operationId: 'revokeSession',
        tags,
        security,
        summary: 'End one of your sessions',
        description: 'Signs that browser out at once. Ending the current session also clears its cookie. Needs x-csrf-token.',
        params: SessionParams,
        response: {
          ...empty,
          401: signedOut,
          403: noCsrf,
          404: errorResponse(404, { description: 'Not Found: you have no session of this id', example: { error: 'Not Found', message: 'No session 12 of yours' } }),
          ...errorResponses(),
        },
      },
    }, async (request, reply) => {
      const { company, employee, session } = request.session;
      await service.revoke(company.id, employee.id, request.params.id);
      if (request.params.id === session.id) app.clearSessionCookie(request, reply);
      return reply.code(204).send();
    });
  });
};
