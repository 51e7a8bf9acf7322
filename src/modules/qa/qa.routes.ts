import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readFeedQuery } from '../../feeds/feed-query.ts';
import { feedRouteOptions } from '../../feeds/feed-routes.ts';
import { feedQuerystring } from '../../feeds/query-schema.ts';
import { FEED_PAGING, feedResponses, windowedFeed } from '../../feeds/windowed-feed.ts';
import { errorResponses, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { docs } from '../../plugins/route-docs.ts';
import { authoringResponses, authoringRouteOptions } from './authoring.ts';
import { Audit, Calibration, Review, ScorecardDetail } from './qa.responses.ts';
import {
  AuditBody,
  AuditUpdateBody,
  CalibrationBody,
  CalibrationUpdateBody,
  IdParams,
  ReviewBody,
  ReviewUpdateBody,
  ScorecardBody,
  ScorecardUpdateBody,
  UuidParams,
} from './qa.schemas.ts';

const REVIEWS = windowedFeed(['created_at']);
const GRADINGS = windowedFeed(['created_at', 'completed_at']);

/** QA data return (GET) and authoring (POST/PUT): reviews, audits, calibrations, scorecards. */
export const qaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const authoring = authoringRouteOptions(app);
  const { qaReviews, qaAudits, qaCalibrations, qaScorecards } = app.services;

  app.get('/v2/qa', { ...feedRouteOptions(app, REVIEWS), schema: { ...docs('QA', 'listQaReviews', 'QA reviews, ordered by sequence_id', `Every QA review of the company (drafts included; completed_at tells them apart). ${FEED_PAGING}`), querystring: feedQuerystring(REVIEWS), response: feedResponses(Review, 'A page of QA reviews') } }, (request) =>
    qaReviews.feed(request.scope, readFeedQuery(request.query, REVIEWS)),
  );
  app.get('/v2/qa/audits', { ...feedRouteOptions(app, GRADINGS), schema: { ...docs('QA', 'listQaAudits', 'QA audits, ordered by sequence_id', `Every audit of a QA review, with the review it audits. ${FEED_PAGING}`), querystring: feedQuerystring(GRADINGS), response: feedResponses(Audit, 'A page of QA audits') } }, (request) =>
    qaAudits.feed(request.scope, readFeedQuery(request.query, GRADINGS)),
  );
  app.get('/v2/qa/calibrations', { ...feedRouteOptions(app, GRADINGS), schema: { ...docs('QA', 'listQaCalibrations', 'QA calibrations, ordered by sequence_id', `Every calibration session, with each participant's answers and the reference answers. ${FEED_PAGING}`), querystring: feedQuerystring(GRADINGS), response: feedResponses(Calibration, 'A page of QA calibrations') } }, (request) =>
    qaCalibrations.feed(request.scope, readFeedQuery(request.query, GRADINGS)),
  );

  app.post('/v2/qa', { ...authoring, schema: { ...docs('QA', 'createQaReview', 'Create a QA review', 'Grades an interaction of an employee on a scorecard, by a reviewer. With `complete: true` every question must be answered and the review is scored; otherwise it stays a draft to edit with updateQaReview.'), body: ref(ReviewBody), response: authoringResponses(201, 'The review created', Review) } }, async (request, reply) =>
    reply.status(201).send(await qaReviews.create(request.scope.company.id, request.body)),
  );
  app.put('/v2/qa/:uuid', { ...authoring, schema: { ...docs('QA', 'updateQaReview', 'Edit or complete a QA review', 'Changes answers and fields of a review, or completes it (`complete: true`). The review gets a new sequence_id.'), params: UuidParams, body: ref(ReviewUpdateBody), response: authoringResponses(200, 'The review as it is now', Review) } }, (request) =>
    qaReviews.update(request.scope.company.id, request.params.uuid, request.body),
  );

  app.post('/v2/qa/audits', { ...authoring, schema: { ...docs('QA', 'createQaAudit', 'Audit a completed QA review', 'An auditor grades a completed review again (on its scorecard or another), to check the reviewer.'), body: ref(AuditBody), response: authoringResponses(201, 'The audit created', Audit) } }, async (request, reply) =>
    reply.status(201).send(await qaAudits.create(request.scope.company.id, request.body)),
  );
  app.put('/v2/qa/audits/:uuid', { ...authoring, schema: { ...docs('QA', 'updateQaAudit', 'Edit or complete a QA audit', 'Changes answers of an audit, or completes it (`complete: true`).'), params: UuidParams, body: ref(AuditUpdateBody), response: authoringResponses(200, 'The audit as it is now', Audit) } }, (request) =>
    qaAudits.update(request.scope.company.id, request.params.uuid, request.body),
  );

  app.post('/v2/qa/calibrations', { ...authoring, schema: { ...docs('QA', 'createQaCalibration', 'Create a QA calibration', 'Several reviewers grade the same interaction on a scorecard; their answers are compared with reference answers to measure alignment.'), body: ref(CalibrationBody), response: authoringResponses(201, 'The calibration created', Calibration) } }, async (request, reply) =>
    reply.status(201).send(await qaCalibrations.create(request.scope.company.id, request.body)),
  );
  app.put(
    '/v2/qa/calibrations/:uuid',
    { ...authoring, schema: { ...docs('QA', 'updateQaCalibration', 'Add participants, reference answers or complete a calibration', 'Adds participants and their answers, sets the reference answers, edits notes, or completes the calibration (`complete: true`).'), params: UuidParams, body: ref(CalibrationUpdateBody), response: authoringResponses(200, 'The calibration as it is now', Calibration) } },
    (request) => qaCalibrations.update(request.scope.company.id, request.params.uuid, request.body),
  );

  app.get('/v2/qa/scorecards', { onRequest: app.requireApiKeyAndJwt, schema: { ...docs('QA', 'listScorecards', 'Scorecards with their question and option ids', 'Every scorecard of the company (archived ones too), with the ids of sections, questions and options that reviews answer with.'), response: { 200: jsonResponse('Every scorecard', Type.Array(ref(ScorecardDetail))), ...errorResponses(403) } } }, (request) =>
    qaScorecards.list(request.scope.company.id),
  );
  app.post('/v2/qa/scorecards', { ...authoring, schema: { ...docs('QA', 'createScorecard', 'Create a scorecard', 'A scorecard of questions (optionally in weighted sections), each with options worth points; an option may be N/A or fail the whole review.'), body: ref(ScorecardBody), response: authoringResponses(201, 'The scorecard created, with its ids', ScorecardDetail) } }, async (request, reply) =>
    reply.status(201).send(await qaScorecards.create(request.scope.company.id, request.body)),
  );
  app.put('/v2/qa/scorecards/:id', { ...authoring, schema: { ...docs('QA', 'updateScorecard', 'Rename, archive or restore a scorecard', 'An archived scorecard takes no new reviews; its records stay.'), params: IdParams, body: ref(ScorecardUpdateBody), response: authoringResponses(200, 'The scorecard as it is now', ScorecardDetail) } }, (request) =>
    qaScorecards.update(request.scope.company.id, request.params.id, request.body),
  );
};
