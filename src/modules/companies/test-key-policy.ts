/**
 * What a company's test API key may do on one route. The test key is a sandbox: nothing done
 * with it changes or reveals production data.
 * - `test-records`: the route reads or writes only test interactions and the records that belong
 *   to them (the scope is `testOnly`); a feed of records that never belong to a test
 *   interaction answers `[]`, and production records are not found.
 * - `configuration`: reads the company's shared configuration that test requests are checked
 *   against (employee directory, scorecards, integrations), exactly as with the production key.
 * - `refused`: it would change production state; answered 403 with {@link TEST_KEY_REFUSAL}.
 */
export type TestKeyAccess = 'test-records' | 'configuration' | 'refused';

export const TEST_KEY_REFUSAL = 'Forbidden: the test API key cannot change production data; use the production key';

/** Every route that takes an API key, by `METHOD url` as Fastify registers it. A route missing here refuses the test key. */
export const TEST_KEY_POLICY: Readonly<Record<string, TestKeyAccess>> = {
  'POST /v1/requests': 'test-records',
  'POST /v1/requests/batch': 'test-records',
  'POST /v1/recoveries': 'test-records',
  'GET /v2/data': 'test-records',
  'GET /v1/data/requests': 'test-records',
  'GET /v1/data/responses': 'test-records',
  'GET /v2/reports/metrics': 'test-records',

  'GET /v2/qa': 'test-records',
  'GET /v2/qa/audits': 'test-records',
  'GET /v2/qa/calibrations': 'test-records',
  'POST /v2/qa': 'refused',
  'PUT /v2/qa/:uuid': 'refused',
  'POST /v2/qa/audits': 'refused',
  'PUT /v2/qa/audits/:uuid': 'refused',
  'POST /v2/qa/calibrations': 'refused',
  'PUT /v2/qa/calibrations/:uuid': 'refused',
  'GET /v2/qa/scorecards': 'configuration',
  'POST /v2/qa/scorecards': 'refused',
  'PUT /v2/qa/scorecards/:id': 'refused',

  'GET /v2/coaching/sessions': 'test-records',
  'POST /v2/coaching/sessions': 'refused',
  'PUT /v2/coaching/sessions/:uuid': 'refused',
  'GET /v2/coaching/action-items': 'test-records',

  'GET /v2/employees': 'configuration',
  'GET /v2/employees/:id': 'configuration',
  'POST /v2/employees': 'refused',
  'POST /v2/employees/invite': 'refused',
  'PUT /v2/employees/:id': 'refused',
  'PUT /v2/employees/:id/activate': 'refused',
  'PUT /v2/employees/:id/deactivate': 'refused',

  'GET /v2/integrations': 'configuration',
  'POST /v2/integrations': 'refused',
  'POST /v2/integrations/:id/records': 'refused',
  'GET /v2/integrations/:id/records': 'test-records',

  'POST /v2/webhooks': 'test-records',
  'GET /v2/webhooks': 'test-records',
  'PUT /v2/webhooks/:id': 'test-records',
  'GET /v2/webhooks/:id/deliveries': 'test-records',
};

/** The test key's access to a route (HEAD as its GET); unknown routes are refused. */
export function testKeyAccess(method: string, url: string): TestKeyAccess {
  return TEST_KEY_POLICY[`${method === 'HEAD' ? 'GET' : method} ${url}`] ?? 'refused';
}
