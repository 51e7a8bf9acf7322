import type { FastifyInstance } from 'fastify';
import { authoringRouteOptions } from '../qa/authoring.ts';
import { dataReturnRouteOptions, docs, feedQuerySchema, parseFeedQuery } from '../qa/feed-query.ts';
import { UuidParams } from '../qa/qa.schemas.ts';
import { ActionItemsQuery, SessionBody, SessionUpdateBody, type ActionItemsFilter, type SessionInput, type SessionUpdate } from './coaching.schemas.ts';

/** 1:1 coaching: the data-return feed and the authoring API. */
export async function coachingRoutes(app: FastifyInstance): Promise<void> {
  const { coaching } = app.services;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/coaching/sessions', { ...dataReturnRouteOptions(app), schema: { ...docs('Coaching', '1:1 coaching sessions, ordered by sequence_id'), querystring: feedQuerySchema(['created_at', 'shared_at']) } }, (request) =>
    coaching.feed(request.principal.company.id, parseFeedQuery(request.query, { created_at: 'created_at', shared_at: 'shared_at' })),
  );
  app.post('/v2/coaching/sessions', { ...authoring, schema: { ...docs('Coaching', 'Create a 1:1 coaching session'), body: SessionBody } }, async (request, reply) =>
    reply.status(201).send(await coaching.create(request.principal.company.id, request.body as SessionInput)),
  );
  app.put('/v2/coaching/sessions/:uuid', { ...authoring, schema: { ...docs('Coaching', 'Edit, share, archive or add to a coaching session'), params: UuidParams, body: SessionUpdateBody } }, (request) =>
    coaching.update(request.principal.company.id, (request.params as { uuid: string }).uuid, request.body as SessionUpdate),
  );
  app.get('/v2/coaching/action-items', { ...authoring, schema: { ...docs('Coaching', "An employee's action items, with the uuids to complete them"), querystring: ActionItemsQuery } }, (request) =>
    coaching.listActionItems(request.principal.company.id, request.query as ActionItemsFilter),
  );
}
