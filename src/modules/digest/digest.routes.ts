import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { CSRF_REFUSAL } from '../sessions/session-auth.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { Preferences } from './digest.schemas.ts';

/** PUT /app/api/me/preferences: the signed-in employee turns their weekly digest email on or off. */
export const digestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(async (scoped) => {
    const signedIn = scoped.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', app.requireSession);
    signedIn.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    signedIn.put('/app/api/me/preferences', {
      schema: {
        operationId: 'setPreferences',
        tags: ['Web app'],
        security: [{ session: [] }],
        summary: 'Your email preferences',
        description: 'Turns the weekly digest email on or off for the signed-in employee (GET /app/api/me shows the current value as employee.weekly_digest). Needs x-csrf-token.',
        body: ref(Preferences),
        response: {
          200: jsonResponse('Saved; the preferences now in effect', ref(Preferences)),
          ...jsonBodyErrors,
          400: errorResponse(400, { description: 'Bad Request: weekly_digest is missing or not a boolean, or the body has another property', example: { error: 'Bad Request', message: 'body/weekly_digest must be boolean' } }),
          401: errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } }),
          403: errorResponse(403, { description: "Forbidden: no session's CSRF token in x-csrf-token", example: { error: 'Forbidden', message: CSRF_REFUSAL } }),
          ...errorResponses(),
        },
      },
    }, async (request) => {
      const { company, employee } = request.session;
      return app.services.digest.setPreferences(company.id, employee.id, request.body);
    });
  });
};
