import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { errorResponse, errorResponses, jsonResponse, RATE_LIMIT_HEADERS, RetryLater } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { Funnel, FunnelQuery } from './funnel.schemas.ts';
import { reportCsv, wantsCsv } from './report-csv.ts';
import { Averages, AveragesQuery, Leaderboard, LeaderboardQuery, MetricsReport, ReportOptions, ReportQuery, type MetricsReportView } from './reports.schemas.ts';

const badQuery = errorResponse(400, {
  description: 'Bad Request: a parameter is not valid; the message names it',
  example: { error: 'Bad Request', message: 'group_by: "agent" is not a slice; use up to two of employee, team, group, channel, brand, tag, day, week, month' },
});
const unknownEmployee = errorResponse(404, {
  description: 'Not Found: employee or team names an id that is not an employee of the company',
  example: { error: 'Not Found', message: 'Not Found: no employee 12 in this company (employee and team take employee ids)' },
});
const csv = { 'text/csv': { schema: Type.String({ description: 'The rows as CSV: the slice columns, then every figure' }) } };
const metricsDescription =
  "The figures of a period (from/to: local days in the company's time_zone, both included), by up to two slices (group_by), filtered by employees, teams, groups, channels, brands and tags (each repeatable; tags match any). Responses count on the day they were answered, deliveries on the day they were sent, QA reviews on the day they were completed. Read from rollups kept exact in the transactions that write the data, so any period costs the same. CSV with Accept: text/csv or format=csv.";

function send(reply: FastifyReply, report: MetricsReportView, accept: string | undefined, format: string | undefined) {
  if (!wantsCsv(accept, format)) return report;
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="metrics-${report.from}-${report.to}${report.group_by.length > 0 ? `-by-${report.group_by.join('-')}` : ''}.csv"`)
    .serializer((payload) => payload as string)
    .send(reportCsv(report));
}

/** GET /v2/reports/metrics (API key + JWT) and the web app's /app/api/reports/... (session, scoped to the viewer). */
export const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.reports;

  app.get('/v2/reports/metrics', {
    onRequest: app.requireApiKeyAndJwt,
    config: { rateLimit: app.perApiKeyRateLimit },
    schema: {
      operationId: 'getMetricsReport',
      tags: ['Reports'],
      summary: 'Metrics of a period, by slice',
      description: `${metricsDescription} Rate limited per API key with the data-return endpoints.`,
      security: [{ apiKey: [], jwt: [] }],
      querystring: ReportQuery,
      response: {
        200: { ...jsonResponse('The report', ref(MetricsReport), { headers: RATE_LIMIT_HEADERS }), content: { ...jsonResponse('', ref(MetricsReport)).content, ...csv } },
        400: badQuery,
        404: unknownEmployee,
        ...errorResponses(403),
        429: RetryLater,
      },
    },
  }, async (request, reply) => send(reply, await service.metrics(request.scope, request.query), request.headers.accept, request.query.format));

  await app.register(async (scoped) => {
    const signedIn = scoped.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', app.requireSession);
    signedIn.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    const tags = ['Web app'];
    const security = [{ session: [] }];
    const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } });
    const outOfScope = errorResponse(403, {
      description: 'Forbidden: employee or team names someone outside the feedback you may see',
      example: { error: 'Forbidden', message: 'Forbidden: employee 12 is outside the feedback you may see' },
    });
    const errors = { 400: badQuery, 401: signedOut, ...errorResponses() };

    signedIn.get('/app/api/reports/metrics', {
      schema: {
        operationId: 'getAppMetricsReport',
        tags,
        security,
        summary: 'Metrics of a period, by slice, within what you may see',
        description: `${metricsDescription} An agent sees their own figures, a team leader their team's, admins (and view_all_feedback) the company's.`,
        querystring: ReportQuery,
        response: { 200: { ...jsonResponse('The report', ref(MetricsReport)), content: { ...jsonResponse('', ref(MetricsReport)).content, ...csv } }, 403: outOfScope, 404: unknownEmployee, ...errors },
      },
    }, async (request, reply) => send(reply, await service.metrics(request.scope, request.query), request.headers.accept, request.query.format));

    signedIn.get('/app/api/reports/averages', {
      schema: {
        operationId: 'getAppReportAverages',
        tags,
        security,
        summary: "Your team's and the company's figures",
        description: 'Aggregates to compare with: the team you lead (or your primary team leader\'s team) and the whole company, for the period.',
        querystring: AveragesQuery,
        response: { 200: jsonResponse('The averages', ref(Averages)), ...errors },
      },
    }, async (request) => service.averages(request.scope, request.query));

    signedIn.get('/app/api/reports/leaderboard', {
      schema: {
        operationId: 'getAppLeaderboard',
        tags,
        security,
        summary: 'Agents ranked by a metric',
        description: 'Leaders and admins rank whom they may see; an agent sees the team(s) they belong to. Only names, the metric and the number of answers behind it are shown.',
        querystring: LeaderboardQuery,
        response: { 200: jsonResponse('The leaderboard', ref(Leaderboard)), ...errors },
      },
    }, async (request) => service.leaderboard(request.scope, request.query));

    signedIn.get('/app/api/reports/funnel', {
      schema: {
        operationId: 'getAppSurveyFunnel',
        tags,
        security,
        summary: 'Survey completion funnel of a period',
        description: "How many first surveys sent in the period (local days in the company's time_zone) got a star rating, answered a follow-up question and reached the closing screen, within the feedback you may see. Counted from the raw rows (not the rollups).",
        querystring: FunnelQuery,
        response: { 200: jsonResponse('The funnel', ref(Funnel)), ...errors },
      },
    }, async (request) => app.services.funnel.funnel(request.scope, request.query));

    signedIn.get('/app/api/reports/options', {
      schema: {
        operationId: 'getAppReportOptions',
        tags,
        security,
        summary: 'The choices of the report filters',
        description: 'Employees, teams, groups, channels, brands and tags you may report on, and the company time zone.',
        response: { 200: jsonResponse('The choices', ref(ReportOptions)), 401: signedOut, ...errorResponses() },
      },
    }, async (request) => service.options(request.scope));
  });
};
