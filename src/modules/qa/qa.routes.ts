import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../plugins/error-schemas.ts';
import { testOnly } from '../companies/test-key-policy.ts';
import { authoringResponses, authoringRouteOptions } from './authoring.ts';
import { dataReturnRouteOptions, docs, feedQuerySchema, feedResponses, parseFeedQuery } from './feed-query.ts';
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
  type AuditInput,
  type AuditUpdate,
  type CalibrationInput,
  type CalibrationUpdate,
  type ReviewInput,
  type ReviewUpdate,
  type ScorecardInput,
  type ScorecardUpdate,
} from './qa.schemas.ts';

const CREATED = { created_at: 'created_at' };
const CREATED_COMPLETED = { created_at: 'created_at', completed_at: 'completed_at' };

/** QA data return (GET) and authoring (POST/PUT): reviews, audits, calibrations, scorecards. */
export async function qaRoutes(app: FastifyInstance): Promise<void> {
  const feed = dataReturnRouteOptions(app);
  const authoring = authoringRouteOptions(app);
  const { qaReviews, qaAudits, qaCalibrations, qaScorecards } = app.services;

  app.get('/v2/qa', { ...feed, schema: { ...docs('QA', 'QA reviews, ordered by sequence_id'), querystring: feedQuerySchema(['created_at']), response: feedResponses(Review) } }, (request) =>
    qaReviews.feed(request.principal.company.id, parseFeedQuery(request.query, CREATED), testOnly(request.principal)),
  );
  app.get('/v2/qa/audits', { ...feed, schema: { ...docs('QA', 'QA audits, ordered by sequence_id'), querystring: feedQuerySchema(['created_at', 'completed_at']), response: feedResponses(Audit) } }, (request) =>
    qaAudits.feed(request.principal.company.id, parseFeedQuery(request.query, CREATED_COMPLETED), testOnly(request.principal)),
  );
  app.get('/v2/qa/calibrations', { ...feed, schema: { ...docs('QA', 'QA calibrations, ordered by sequence_id'), querystring: feedQuerySchema(['created_at', 'completed_at']), response: feedResponses(Calibration) } }, (request) =>
    qaCalibrations.feed(request.principal.company.id, parseFeedQuery(request.query, CREATED_COMPLETED), testOnly(request.principal)),
  );

  app.post('/v2/qa', { ...authoring, schema: { ...docs('QA', 'Create a QA review'), body: ReviewBody, response: authoringResponses({ 201: Review }) } }, async (request, reply) =>
    reply.status(201).send(await qaReviews.create(request.principal.company.id, request.body as ReviewInput)),
  );
  app.put('/v2/qa/:uuid', { ...authoring, schema: { ...docs('QA', 'Edit or complete a QA review'), params: UuidParams, body: ReviewUpdateBody, response: authoringResponses({ 200: Review }) } }, (request) =>
    qaReviews.update(request.principal.company.id, (request.params as { uuid: string }).uuid, request.body as ReviewUpdate),
  );

  app.post('/v2/qa/audits', { ...authoring, schema: { ...docs('QA', 'Audit a completed QA review'), body: AuditBody, response: authoringResponses({ 201: Audit }) } }, async (request, reply) =>
    reply.status(201).send(await qaAudits.create(request.principal.company.id, request.body as AuditInput)),
  );
  app.put('/v2/qa/audits/:uuid', { ...authoring, schema: { ...docs('QA', 'Edit or complete a QA audit'), params: UuidParams, body: AuditUpdateBody, response: authoringResponses({ 200: Audit }) } }, (request) =>
    qaAudits.update(request.principal.company.id, (request.params as { uuid: string }).uuid, request.body as AuditUpdate),
  );

  app.post('/v2/qa/calibrations', { ...authoring, schema: { ...docs('QA', 'Create a QA calibration'), body: CalibrationBody, response: authoringResponses({ 201: Calibration }) } }, async (request, reply) =>
    reply.status(201).send(await qaCalibrations.create(request.principal.company.id, request.body as CalibrationInput)),
  );
  app.put(
    '/v2/qa/calibrations/:uuid',
    { ...authoring, schema: { ...docs('QA', 'Add participants, reference answers or complete a calibration'), params: UuidParams, body: CalibrationUpdateBody, response: authoringResponses({ 200: Calibration }) } },
    (request) => qaCalibrations.update(request.principal.company.id, (request.params as { uuid: string }).uuid, request.body as CalibrationUpdate),
  );

  app.get('/v2/qa/scorecards', { onRequest: app.requireApiKeyAndJwt, schema: { ...docs('QA', 'Scorecards with their question and option ids'), response: { 200: Type.Array(ScorecardDetail), ...errorResponses(403) } } }, (request) =>
    qaScorecards.list(request.principal.company.id),
  );
  app.post('/v2/qa/scorecards', { ...authoring, schema: { ...docs('QA', 'Create a scorecard'), body: ScorecardBody, response: authoringResponses({ 201: ScorecardDetail }) } }, async (request, reply) =>
    reply.status(201).send(await qaScorecards.create(request.principal.company.id, request.body as ScorecardInput)),
  );
  app.put('/v2/qa/scorecards/:id', { ...authoring, schema: { ...docs('QA', 'Rename, archive or restore a scorecard'), params: IdParams, body: ScorecardUpdateBody, response: authoringResponses({ 200: ScorecardDetail }) } }, (request) =>
    qaScorecards.update(request.principal.company.id, (request.params as { id: string }).id, request.body as ScorecardUpdate),
  );
}
