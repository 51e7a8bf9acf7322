import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { signedInRoutes } from '../sessions/signed-in-routes.ts';
import { AlertRuleCreate, AlertRuleList, AlertRuleParams, AlertRuleUpdate, AlertRuleView } from './alerts.schemas.ts';
import { ALERTS_ADMINS_ONLY } from './alerts.service.ts';

const tags = ['Web app'];
const security = [{ session: [] }];
const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } });
const forbidden = errorResponse(403, { description: "Forbidden: not an admin (or manage_settings), or no session's CSRF token in x-csrf-token on a write", example: { error: 'Forbidden', message: ALERTS_ADMINS_ONLY } });
const notFound = errorResponse(404, { description: 'Not Found: no alert rule of your company has this id', example: { error: 'Not Found', message: 'Not Found: no alert rule 12 in this company' } });
const invalid = errorResponse(400, {
  description: 'Bad Request: a field breaks a rule; the message names it',
  example: { error: 'Bad Request', message: 'url: must be reachable on the internet: address not allowed' },
});

/** The Connections page's Slack and Teams alerts: GET/POST /app/api/alerts, PATCH/DELETE /app/api/alerts/:id, POST /app/api/alerts/:id/test (admins only). */
export const alertsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.alerts;

  await app.register(signedInRoutes((request, id) => service.admit(request.scope, id), async (signedIn) => {
    signedIn.get('/app/api/alerts', {
      schema: {
        operationId: 'listAlertRules',
        tags,
        security,
        summary: "Your company's Slack and Teams alert rules",
        description: 'Each rule with its target, the host of its URL (the URL itself is a secret), its rating range and its last delivery. Admins only.',
        response: { 200: jsonResponse('The rules', ref(AlertRuleList)), 401: signedOut, 403: forbidden, ...errorResponses() },
      },
    }, async (request) => service.list(request.scope));

    signedIn.post('/app/api/alerts', {
      schema: {
        operationId: 'createAlertRule',
        tags,
        security,
        summary: 'Add a Slack or Teams alert rule',
        description: 'Finished responses whose star rating is in the range (with a comment, when required; of the team leader\'s agents, when one is given) are posted to the incoming-webhook URL. Admins only; needs x-csrf-token.',
        body: ref(AlertRuleCreate),
        response: { 201: jsonResponse('The rule as saved', ref(AlertRuleView)), ...jsonBodyErrors, 400: invalid, 401: signedOut, 403: forbidden, ...errorResponses() },
      },
    }, async (request, reply) => reply.status(201).send(await service.create(request.scope, request.body)));

    signedIn.patch('/app/api/alerts/:id', {
      schema: {
        operationId: 'updateAlertRule',
        tags,
        security,
        summary: 'Change, pause or resume an alert rule',
        description: 'Only the fields given change, checked as when adding a rule. A new url replaces the sealed one (leave it out to keep it); team_leader_email null clears it; enabled false pauses the rule (nothing is posted while it is paused) until it is true again. Admins only; needs x-csrf-token.',
        params: AlertRuleParams,
        body: ref(AlertRuleUpdate),
        response: { 200: jsonResponse('The rule as saved', ref(AlertRuleView)), ...jsonBodyErrors, 400: invalid, 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.update(request.scope, request.params.id, request.body));

    signedIn.delete('/app/api/alerts/:id', {
      schema: {
        operationId: 'removeAlertRule',
        tags,
        security,
        summary: 'Remove an alert rule',
        description: 'Alerts of the rule still queued are dropped. Admins only; needs x-csrf-token.',
        params: AlertRuleParams,
        response: { 204: Type.Null({ description: 'Removed; no body' }), 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request, reply) => {
      await service.remove(request.scope, request.params.id);
      return reply.code(204).send(null);
    });

    signedIn.post('/app/api/alerts/:id/test', {
      schema: {
        operationId: 'testAlertRule',
        tags,
        security,
        summary: 'Send a sample alert',
        description: "Posts a sample message to the rule's URL now and answers the rule with how it went (last_status, last_error). Admins only; needs x-csrf-token.",
        params: AlertRuleParams,
        response: { 200: jsonResponse('The rule with the outcome of the sample', ref(AlertRuleView)), 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.test(request.scope, request.params.id));
  }));
};
