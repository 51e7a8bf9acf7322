import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../plugins/error-schemas.ts';
import { testOnly } from '../companies/test-key-policy.ts';
import { authoringResponses, authoringRouteOptions } from '../qa/authoring.ts';
import { dataReturnRouteOptions, docs, feedQuerySchema, feedResponses, parseFeedQuery } from '../qa/feed-query.ts';
import { UuidParams } from '../qa/qa.schemas.ts';
import { ActionItemListing, ActionItemsQuery, Session, SessionBody, SessionUpdateBody, type ActionItemsFilter, type SessionInput, type SessionUpdate } from './coaching.schemas.ts';

/** 1:1 coaching: the data-return feed and the authoring API. */
export async function coachingRoutes(app: FastifyInstance): Promise<void> {
  const { coaching } = app.services;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/coaching/sessions', { ...dataReturnRouteOptions(app), schema: { ...docs('Coaching', '1:1 coaching sessions, ordered by sequence_id'), querystring: feedQuerySchema(['created_at', 'shared_at']), response: feedResponses(Session) } }, (request) =>
    coaching.feed(request.principal.company.id, parseFeedQuery(request.query, { created_at: 'created_at', shared_at: 'shared_at' }), testOnly(request.principal)),
  );
  app.post('/v2/coaching/sessions', { ...authoring, schema: { ...docs('Coaching', 'Create a 1:1 coaching session'), body: SessionBody, response: authoringResponses({ 201: Session }) } }, async (request, reply) =>
    reply.status(201).send(await coaching.create(request.principal.company.id, request.body as SessionInput)),
  );
  app.put('/v2/coaching/sessions/:uuid', { ...authoring, schema: { ...docs('Coaching', 'Edit, share, archive or add to a coaching session'), params: UuidParams, body: SessionUpdateBody, response: authoringResponses({ 200: Session }) } }, (request) =>
    coaching.update(request.principal.company.id, (request.params as { uuid: string }).uuid, request.body as SessionUpdate),
  );
  app.get('/v2/coaching/action-items', { ...authoring, schema: { ...docs('Coaching', "An employee's action items, with the uuids to complete them"), querystring: ActionItemsQuery, response: { 200: Type.Array(ActionItemListing), ...errorResponses(403, 404, 422) } } }, (request) =>
    coaching.listActionItems(request.principal.company.id, request.query as ActionItemsFilter, testOnly(request.principal)),
  );
}
