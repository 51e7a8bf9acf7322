import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../lib/errors.ts';
import { ErrorBody, errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import type { Scope } from '../access/scope.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { signedInRoutes } from '../sessions/signed-in-routes.ts';
import { ConnectionKindList, connectionKinds } from './connection-kinds.ts';
import {
  ConnectionCreate,
  ConnectionCreated,
  ConnectionDetail,
  ConnectionEventParams,
  ConnectionEventView,
  ConnectionList,
  ConnectionParams,
  ConnectionTry,
  ConnectionTryResult,
  ConnectionUpdate,
} from './connections.schemas.ts';

export const CONNECTIONS_ADMINS_ONLY = 'Forbidden: only admins manage connections';

const tags = ['Web app'];
const security = [{ session: [] }];
const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } });
const forbidden = errorResponse(403, { description: "Forbidden: not an admin, or no session's CSRF token in x-csrf-token on a write", example: { error: 'Forbidden', message: CONNECTIONS_ADMINS_ONLY } });
const notFound = errorResponse(404, { description: 'Not Found: no connection of your company has this id', example: { error: 'Not Found', message: 'Not Found: no connection 12 in this company' } });
const EventList = Type.Object({ events: Type.Array(ref(ConnectionEventView)) }, { additionalProperties: false });
const EventQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'How many of the newest events (default 50)' })) });

/** Admins only: the role's `admin` capability (settings managers do not handle helpdesk credentials). */
function isAdmin(scope: Scope): boolean {
  return scope.actor.kind === 'employee' && scope.actor.capabilities.has('admin');
}

/** Who the sample and test events name as customer and agent: the signed-in admin. */
function personOf(request: FastifyRequest): { email: string; name: string } {
  const { employee } = request.session;
  const name = [employee.first_name, employee.last_name].filter(Boolean).join(' ').trim();
  return { email: employee.email, name: name || employee.email };
}

/**
 * The web app's Connections page: helpdesk connections, their set-up, events, dry runs and test
 * events (admins only). Thin over app.services.connections.
 */
export const connectionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.connections;

  await app.register(signedInRoutes(async (request, id) => {
    if (!isAdmin(request.scope)) throw new ForbiddenError(CONNECTIONS_ADMINS_ONLY);
    // Unknown ids are answered 404 by the service before a change, dry run or test event reads its body.
    if (id !== undefined && (request.method === 'POST' || request.method === 'PATCH')) await service.events(request.scope.company.id, id, 1);
  }, async (signedIn) => {
    signedIn.get('/app/api/connection-kinds', {
      schema: {
        operationId: 'listConnectionKinds',
        tags,
        security,
        summary: 'The helpdesks you can connect',
        description: 'Each kind with its name, whether it needs API credentials for lookups and who provides its signing secret. Admins only.',
        response: { 200: jsonResponse('The kinds', ref(ConnectionKindList)), 401: signedOut, 403: forbidden, ...errorResponses() },
      },
    }, async () => connectionKinds());

    signedIn.get('/app/api/connections', {
      schema: {
        operationId: 'listConnections',
        tags,
        security,
        summary: "Your company's helpdesk connections",
        description: 'Each connection with its inbound URL and its last event. Admins only.',
        response: { 200: jsonResponse('The connections', ref(ConnectionList)), 401: signedOut, 403: forbidden, ...errorResponses() },
      },
    }, async (request) => ({ connections: await service.list(request.scope.company.id) }));

    signedIn.post('/app/api/connections', {
      schema: {
        operationId: 'createConnection',
        tags,
        security,
        summary: 'Connect a helpdesk',
        description: 'Creates a connection and answers its inbound URL and signing secret (generated when omitted where you choose it): paste them into the helpdesk. API credentials are stored encrypted. Admins only; needs x-csrf-token.',
        body: ref(ConnectionCreate),
        response: {
          201: jsonResponse('The connection: the URL and secret to paste into the helpdesk', ref(ConnectionCreated)),
          ...jsonBodyErrors,
          400: errorResponse(400, {
            description: 'Bad Request: a field breaks a rule (an unknown mapping field, an invalid pointer, a missing API base, a channel the company does not have); the message names each, and errors lists them',
            example: { error: 'Bad Request', message: 'mapping.customer.emial is not a feedback-request field', errors: ['mapping.customer.emial is not a feedback-request field'] },
          }),
          401: signedOut,
          403: forbidden,
          409: jsonResponse('Conflict: another connection of the company has this name', ref(ErrorBody), { example: { error: 'Conflict', message: 'name "Zendesk" is already used by another connection of this company' } }),
          ...errorResponses(),
        },
      },
    }, async (request, reply) => {
      const created = await service.create(request.scope.company.id, request.body);
      return reply.code(201).send(created);
    });

    signedIn.get('/app/api/connections/:id', {
      schema: {
        operationId: 'getConnection',
        tags,
        security,
        summary: 'A connection, how to set it up, and its last events',
        description: 'The connection with its signing secret, the set-up steps and snippets to paste into the helpdesk, a sample event naming you, and its last 50 events. Admins only.',
        params: ConnectionParams,
        response: { 200: jsonResponse('The connection', ref(ConnectionDetail)), 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.detail(request.scope.company.id, request.params.id, personOf(request)));

    signedIn.patch('/app/api/connections/:id', {
      schema: {
        operationId: 'updateConnection',
        tags,
        security,
        summary: 'Change a connection',
        description: 'Changes its name, API access, signing secret, mapping, delay, channel, brand or language. An omitted field keeps its value; null clears it, and a cleared signing secret is generated afresh where you choose it (paste the new one into the helpdesk). The kind and the inbound URL never change. Admins only; needs x-csrf-token.',
        params: ConnectionParams,
        body: ref(ConnectionUpdate),
        response: {
          200: jsonResponse('The connection: its URL and (possibly new) signing secret', ref(ConnectionCreated)),
          ...jsonBodyErrors,
          400: errorResponse(400, {
            description: 'Bad Request: a field breaks a rule, as when adding a connection; the message names each, and errors lists them',
            example: { error: 'Bad Request', message: 'delay_minutes must be a whole number of minutes from 0 to 10080', errors: ['delay_minutes must be a whole number of minutes from 0 to 10080'] },
          }),
          401: signedOut,
          403: forbidden,
          404: notFound,
          409: jsonResponse('Conflict: another connection of the company has this name', ref(ErrorBody), { example: { error: 'Conflict', message: 'name "Zendesk" is already used by another connection of this company' } }),
          ...errorResponses(),
        },
      },
    }, async (request) => service.update(request.scope.company.id, request.params.id, request.body));

    signedIn.delete('/app/api/connections/:id', {
      schema: {
        operationId: 'removeConnection',
        tags,
        security,
        summary: 'Remove a connection',
        description: 'Its inbound URL stops accepting events at once (404). Feedback requests it made stay. Admins only; needs x-csrf-token.',
        params: ConnectionParams,
        response: { 204: Type.Null({ description: 'Removed; no body' }), 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request, reply) => {
      await service.remove(request.scope.company.id, request.params.id);
      return reply.code(204).send(null);
    });

    signedIn.get('/app/api/connections/:id/events', {
      schema: {
        operationId: 'listConnectionEvents',
        tags,
        security,
        summary: "A connection's last events",
        description: 'Newest first: what each event became (created, skipped, refused, unauthorized, pending, failed), with the reason and the feedback request it made. Admins only.',
        params: ConnectionParams,
        querystring: EventQuery,
        response: { 200: jsonResponse('The events', EventList), 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses(400) },
      },
    }, async (request) => ({ events: await service.events(request.scope.company.id, request.params.id, request.query.limit ?? 50) }));

    signedIn.post('/app/api/connections/:id/events/:event_id/retry', {
      schema: {
        operationId: 'retryConnectionEvent',
        tags,
        security,
        summary: 'Retry a refused or failed event',
        description: 'Processes a refused or failed event again from its kept body, as a redelivery would (after you fixed its cause: an employee activated, the helpdesk API reachable again), and answers the event as it now stands. Admins only; needs x-csrf-token.',
        params: ConnectionEventParams,
        response: {
          200: jsonResponse('The event as it now stands (created, refused again, pending a lookup…)', ref(ConnectionEventView)),
          401: signedOut,
          403: forbidden,
          404: errorResponse(404, { description: 'Not Found: no such connection in your company, or no such event on it', example: { error: 'Not Found', message: 'Not Found: no event 7 on connection 12' } }),
          409: jsonResponse('Conflict: the event is not refused or failed (or its body was not kept)', ref(ErrorBody), { example: { error: 'Conflict', message: 'only a refused or failed event whose body was kept can be retried; event 7 is created' } }),
          ...errorResponses(),
        },
      },
    }, async (request) => service.retryRefused(request.scope.company.id, request.params.id, request.params.event_id));

    signedIn.post('/app/api/connections/:id/dry-run', {
      schema: {
        operationId: 'dryRunConnection',
        tags,
        security,
        summary: 'What an event would become',
        description: 'Reads a pasted event body (default: the sample) as the helpdesk would send it and answers the feedback request it would make, or why it would be skipped or refused. Nothing is stored or sent. Admins only; needs x-csrf-token.',
        params: ConnectionParams,
        body: ref(ConnectionTry),
        response: { 200: jsonResponse('The outcome', ref(ConnectionTryResult)), ...jsonBodyErrors, 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.tryEvent(request.scope.company.id, request.params.id, request.body.body, 'dry-run', personOf(request)));

    signedIn.post('/app/api/connections/:id/test-event', {
      schema: {
        operationId: 'sendConnectionTestEvent',
        tags,
        security,
        summary: 'Send a test event',
        description: 'Handles an event body (default: the sample, naming you as customer and agent) as if the helpdesk had sent it: the feedback request is created as test data (no signature needed) and the event is logged as a test, under a key of its own so it can be sent again. Admins only; needs x-csrf-token.',
        params: ConnectionParams,
        body: ref(ConnectionTry),
        response: { 200: jsonResponse('The outcome', ref(ConnectionTryResult)), ...jsonBodyErrors, 401: signedOut, 403: forbidden, 404: notFound, ...errorResponses() },
      },
    }, async (request) => service.tryEvent(request.scope.company.id, request.params.id, request.body.body, 'test', personOf(request)));
  }));
};
