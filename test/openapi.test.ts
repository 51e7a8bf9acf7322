import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags: string[];
  security?: unknown;
  parameters?: { name: string; description?: string }[];
  responses: Record<string, { description?: string; headers?: Record<string, unknown>; content?: Record<string, { example?: unknown }> }>;
}

/** The operationIds the typed client (packages/client) is built on: renaming one breaks its users. */
const OPERATION_IDS = {
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',
  'POST /v1/requests': 'createFeedbackRequest',
  'POST /v1/recoveries': 'createRecovery',
  'POST /v1/requests/batch': 'createFeedbackRequestBatch',
  'GET /v2/data': 'listInteractions',
  'GET /v1/data/requests': 'listFeedbackRequestsV1',
  'GET /v1/data/responses': 'listSurveyResponsesV1',
  'POST /v2/webhooks': 'createWebhookEndpoint',
  'GET /v2/webhooks': 'listWebhookEndpoints',
  'PUT /v2/webhooks/{id}': 'updateWebhookEndpoint',
  'GET /v2/webhooks/{id}/deliveries': 'listWebhookDeliveries',
  'GET /v2/employees': 'listEmployees',
  'POST /v2/employees': 'createEmployee',
  'GET /v2/employees/{id}': 'getEmployee',
  'PUT /v2/employees/{id}': 'updateEmployee',
  'POST /v2/employees/invite': 'inviteEmployee',
  'PUT /v2/employees/{id}/activate': 'activateEmployee',
  'PUT /v2/employees/{id}/deactivate': 'deactivateEmployee',
  'GET /v2/qa': 'listQaReviews',
  'POST /v2/qa': 'createQaReview',
  'PUT /v2/qa/{uuid}': 'updateQaReview',
  'GET /v2/qa/audits': 'listQaAudits',
  'POST /v2/qa/audits': 'createQaAudit',
  'PUT /v2/qa/audits/{uuid}': 'updateQaAudit',
  'GET /v2/qa/calibrations': 'listQaCalibrations',
  'POST /v2/qa/calibrations': 'createQaCalibration',
  'PUT /v2/qa/calibrations/{uuid}': 'updateQaCalibration',
  'GET /v2/qa/scorecards': 'listScorecards',
  'POST /v2/qa/scorecards': 'createScorecard',
  'PUT /v2/qa/scorecards/{id}': 'updateScorecard',
  'GET /v2/coaching/sessions': 'listCoachingSessions',
  'POST /v2/coaching/sessions': 'createCoachingSession',
  'PUT /v2/coaching/sessions/{uuid}': 'updateCoachingSession',
  'GET /v2/coaching/action-items': 'listActionItems',
  'GET /v2/reports/metrics': 'getMetricsReport',
  'GET /v2/integrations': 'listIntegrations',
  'POST /v2/integrations': 'createIntegration',
  'POST /v2/integrations/{id}/records': 'upsertIntegrationRecord',
  'GET /v2/integrations/{id}/records': 'listIntegrationRecords',
  'POST /app/api/session': 'signIn',
  'DELETE /app/api/session': 'signOut',
  'GET /app/api/me': 'getCurrentSession',
  'PUT /app/api/me/password': 'changePassword',
  'PUT /app/api/me/preferences': 'setPreferences',
  'PUT /app/api/me/photo': 'setMyPhoto',
  'DELETE /app/api/me/photo': 'removeMyPhoto',
  'PUT /app/api/me/profile': 'updateMyProfile',
  'PUT /app/api/employees/{id}/photo': 'setEmployeePhoto',
  'DELETE /app/api/employees/{id}/photo': 'removeEmployeePhoto',
  'GET /app/api/sessions': 'listSessions',
  'DELETE /app/api/sessions/{id}': 'revokeSession',
  'GET /app/api/stream': 'listStreamCards',
  'GET /app/api/stream/summary': 'getStreamSummary',
  'GET /app/api/stream/options': 'getStreamOptions',
  'GET /app/api/stream/events': 'streamEvents',
  'GET /app/api/feedback/{requestId}': 'getFeedback',
  'GET /app/api/reports/metrics': 'getAppMetricsReport',
  'GET /app/api/reports/averages': 'getAppReportAverages',
  'GET /app/api/reports/leaderboard': 'getAppLeaderboard',
  'GET /app/api/reports/options': 'getAppReportOptions',
  'GET /app/api/reports/funnel': 'getAppSurveyFunnel',
  'GET /app/api/brands': 'listBrands',
  'PUT /app/api/brands/{id}': 'updateBrand',
  'PUT /app/api/brands/{id}/logo': 'setBrandLogo',
  'DELETE /app/api/brands/{id}/logo': 'removeBrandLogo',
  'GET /app/api/connection-kinds': 'listConnectionKinds',
  'GET /app/api/connections': 'listConnections',
  'POST /app/api/connections': 'createConnection',
  'GET /app/api/connections/{id}': 'getConnection',
  'PATCH /app/api/connections/{id}': 'updateConnection',
  'DELETE /app/api/connections/{id}': 'removeConnection',
  'GET /app/api/connections/{id}/events': 'listConnectionEvents',
  'POST /app/api/connections/{id}/events/{event_id}/retry': 'retryConnectionEvent',
  'POST /app/api/connections/{id}/dry-run': 'dryRunConnection',
  'POST /app/api/connections/{id}/test-event': 'sendConnectionTestEvent',
  'GET /app/api/alerts': 'listAlertRules',
  'POST /app/api/alerts': 'createAlertRule',
  'PATCH /app/api/alerts/{id}': 'updateAlertRule',
  'DELETE /app/api/alerts/{id}': 'removeAlertRule',
  'POST /app/api/alerts/{id}/test': 'testAlertRule',
  'POST /app/api/password-reset': 'requestPasswordReset',
  'POST /app/api/password-reset/confirm': 'confirmPasswordReset',
};

let ctx: TestContext;
let app: App;
const routes: { method: string; url: string; hidden: boolean }[] = [];
before(async () => {
  ctx = await createTestContext();
  // A second app on the same services, watching every route as it is registered.
  app = await buildApp(ctx.config, ctx.services, {
    onRoute: (route) => {
      const methods = ([] as string[]).concat(route.method);
      for (const method of methods) {
        if (method === 'HEAD') continue;
        routes.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
      }
    },
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await ctx.close();
});

describe('GET /openapi.json', () => {
  it('documents every public route, with its security and responses', async () => {
    const response = await app.inject('/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.components.securitySchemes.apiKey && doc.components.securitySchemes.jwt);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const publicRoutes = routes.filter((r) => !r.hidden && !r.url.startsWith('/docs'));
    assert.ok(publicRoutes.length > 30, `${publicRoutes.length} routes`);
    const missing = publicRoutes
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
      .filter((key) => !documented.has(key));
    assert.deepEqual(missing, []);
    for (const path of ['/v1/requests', '/v2/data', '/v2/employees', '/v2/qa', '/v2/webhooks']) assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/v1/requests'].post.responses['400']);
    assert.deepEqual(doc.paths['/v1/requests'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/FeedbackRequestInput' });
    assert.ok(doc.components.schemas.FeedbackRequestInput.examples[0].customer, 'the seed example');
  });

  it('names every operation as the typed client expects, and describes operations and parameters', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );
    assert.deepEqual(Object.fromEntries(operations.map(({ key, operation }) => [key, operation.operationId])), OPERATION_IDS);
    const declaredTags = new Map((doc.tags as { name: string; description?: string }[]).map((tag) => [tag.name, tag.description]));
    for (const { key, operation } of operations) {
      assert.ok(operation.description && operation.summary, `${key}: summary and description`);
      for (const tag of operation.tags) assert.ok(declaredTags.get(tag), `${key}: tag ${tag} is declared with a description`);
      for (const parameter of operation.parameters ?? []) assert.ok(parameter.description, `${key}: parameter ${parameter.name} has a description`);
      const examples = new Map<string, string>();
      for (const [status, response] of Object.entries(operation.responses)) {
        assert.ok(response.description && response.description !== 'Default Response', `${key} ${status}: a description of its own`);
        const example = response.content?.['application/json']?.example;
        if (Number(status) >= 400 && response.content?.['application/json']) {
          assert.ok(example, `${key} ${status}: an example`);
          const seen = examples.get(JSON.stringify(example));
          assert.equal(seen, undefined, `${key} ${status}: the same example as ${seen}`);
          examples.set(JSON.stringify(example), status);
          assert.ok(response.headers?.['X-Request-Id'], `${key} ${status}: X-Request-Id`);
        }
      }
    }
    const security = (key: string) => operations.find((o) => o.key === key)!.operation.security;
    assert.deepEqual(security('GET /healthz'), []);
    assert.deepEqual(security('POST /v1/requests'), [{ apiKey: [] }, { basic: [] }]);
    assert.deepEqual(doc.components.securitySchemes.jwt, { ...doc.components.securitySchemes.jwt, type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    assert.ok(doc.info.contact && doc.info.license);
  });

  it('references the shared shapes by name, with the fixed sets as enums', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    const schemas = doc.components.schemas;
    for (const name of ['Interaction', 'Employee', 'ApiError', 'ValidationErrors', 'FeedbackRequestInput', 'FeedbackRequestV1', 'QaReview', 'QaAudit', 'QaCalibration', 'CoachingSession', 'Scorecard']) {
      assert.ok(schemas[name], name);
    }
    assert.deepEqual(doc.paths['/v2/data'].get.responses['200'].content['application/json'].schema, { type: 'array', items: { $ref: '#/components/schemas/Interaction' } });
    assert.deepEqual(doc.paths['/v2/employees/{id}'].get.responses['404'].content['application/json'].schema, { $ref: '#/components/schemas/ApiError' });
    const interaction = schemas.Interaction.properties;
    assert.deepEqual(interaction.survey_name.enum, ['Feedback', 'Service Recovery']);
    assert.deepEqual(interaction.requested_via.enum, ['API']);
    assert.ok(interaction.request_delivery_status.enum.includes('Do Not Send'));
    assert.deepEqual(schemas.EmployeeReference.allOf[0].anyOf.map((branch: { required: string[] }) => branch.required), [['email'], ['custom_id']]);
    const rateLimited = doc.paths['/v2/data'].get.responses;
    assert.ok(rateLimited['200'].headers['RateLimit-Remaining'] && rateLimited['429'].headers['Retry-After']);
    assert.equal(rateLimited['429'].content['text/plain'].example, 'Retry Later');
  });

  it('serves the interactive reference without a CDN', async () => {
    const page = await app.inject('/docs/');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /https?:\/\/(cdn|unpkg|jsdelivr)/);
  });
});
