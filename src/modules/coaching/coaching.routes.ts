import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readFeedQuery } from '../../feeds/feed-query.ts';
import { feedRouteOptions } from '../../feeds/feed-routes.ts';
import { feedQuerystring } from '../../feeds/query-schema.ts';
import { FEED_PAGING, feedResponses, windowedFeed } from '../../feeds/windowed-feed.ts';
import { errorResponse, errorResponses, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { docs } from '../../plugins/route-docs.ts';
import { authoringResponses, authoringRouteOptions } from '../qa/authoring.ts';
import { UuidParams } from '../qa/qa.schemas.ts';
import { ActionItemListing, ActionItemsQuery, Session, SessionBody, SessionUpdateBody } from './coaching.schemas.ts';

const unknownEmployee = errorResponse(404, {
  description: 'Not Found: no employee of this company has this email or custom id',
  example: { error: 'Not Found', message: 'employee email "nobody@example.com" does not match an employee of this company' },
});
const noEmployee = errorResponse(422, {
  description: 'Unprocessable Entity: neither employee_email nor employee_custom_id was given, or status is not open or completed',
  example: { error: 'Unprocessable Entity', message: 'employee_email or employee_custom_id is required', errors: ['employee_email or employee_custom_id is required'] },
});

const SESSIONS = windowedFeed(['created_at', 'shared_at']);

/** 1:1 coaching: the data-return feed and the authoring API. */
export const coachingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { coaching } = app.services;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/coaching/sessions', { ...feedRouteOptions(app, SESSIONS), schema: { ...docs('Coaching', 'listCoachingSessions', '1:1 coaching sessions, ordered by sequence_id', `Every coaching session of the company, with its action items, kudos and attachments. ${FEED_PAGING}`), querystring: feedQuerystring(SESSIONS), response: feedResponses(Session, 'A page of coaching sessions') } }, (request) =>
    coaching.feed(request.scope, readFeedQuery(request.query, SESSIONS)),
  );
  app.post('/v2/coaching/sessions', { ...authoring, schema: { ...docs('Coaching', 'createCoachingSession', 'Create a 1:1 coaching session', 'A session between a coach and an employee, with new action items, completed ones, kudos, and metrics, feedback or QA reviews attached. `share: true` shares it with the employee (by email).'), body: ref(SessionBody), response: authoringResponses(201, 'The session created', Session) } }, async (request, reply) =>
    reply.status(201).send(await coaching.create(request.scope.company.id, request.body)),
  );
  app.put('/v2/coaching/sessions/:uuid', { ...authoring, schema: { ...docs('Coaching', 'updateCoachingSession', 'Edit, share, archive or add to a coaching session', 'Changes the title or privacy, archives, shares (or re-shares) the session, and adds action items, kudos and attachments.'), params: UuidParams, body: ref(SessionUpdateBody), response: authoringResponses(200, 'The session as it is now', Session) } }, (request) =>
    coaching.update(request.scope.company.id, request.params.uuid, request.body),
  );
  app.get('/v2/coaching/action-items', { ...authoring, schema: { ...docs('Coaching', 'listActionItems', "An employee's action items, with the uuids to complete them", 'The action items owned by one employee (by employee_email or employee_custom_id), open, completed or both; complete one by passing its uuid in complete_action_items of a session.'), querystring: ActionItemsQuery, response: { 200: jsonResponse('The action items of the employee', Type.Array(ref(ActionItemListing))), ...errorResponses(403), 404: unknownEmployee, 422: noEmployee } } }, (request) =>
    coaching.listActionItems(request.scope, request.query),
  );
};
