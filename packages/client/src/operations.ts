import { Http, type ClientOptions } from './http.js';
import { parseJsonArrayStream } from './json-array-stream.js';
import { DEFAULT_PAGE_SIZE, pagesBySequence } from './paging.js';
import type * as T from './types.js';

/** Options of the operations that create a feedback request or a service recovery. */
export interface CreateOptions {
  /** Sent as Idempotency-Key: a retry with the same key and body returns the first request_id. Default: a new UUID per call. */
  idempotencyKey?: string;
}

const segment = (value: string | number) => encodeURIComponent(String(value));

/**
 * One method per operation of the OpenAPI document, named by its operationId, taking and returning
 * the document's shapes. `paginate` walks every page of a list and `stream` reads a whole feed in one
 * response. Creates send an Idempotency-Key, so the retry after a network error can never store a
 * second request or send a second email. Use it as AgentConnectClient.
 */
export class AgentConnectOperations {
  protected readonly http: Http;

  constructor(options: ClientOptions) {
    this.http = new Http(options);
  }

  /** GET /healthz: the process is alive. */
  getHealth(): Promise<T.Health> {
    return this.http.json('/healthz');
  }

  /** GET /readyz: the database answers (a 503 throws an AgentConnectError with status 503). */
  getReadiness(): Promise<T.Readiness> {
    return this.http.json('/readyz');
  }

  /** POST /v1/requests: stores a feedback request and, unless do_not_send, emails the survey. */
  createFeedbackRequest(body: T.FeedbackRequest, options: CreateOptions = {}): Promise<T.Created> {
    return this.create('/v1/requests', body, options);
  }

  /** POST /v1/recoveries: a service-recovery survey following up a feedback request. */
  createRecovery(body: T.RecoveryRequest, options: CreateOptions = {}): Promise<T.Created> {
    return this.create('/v1/recoveries', body, options);
  }

  /** POST /v1/requests/batch: up to 1,000 requests, each validated and stored on its own (results in the same order). */
  createFeedbackRequestBatch(body: T.FeedbackRequestBatch): Promise<T.FeedbackRequestBatchResult> {
    return this.http.json('/v1/requests/batch', { method: 'POST', body });
  }

  /** GET /v2/data: one page of interactions ordered by sequence_id (see paginate and stream for every page). */
  listInteractions(query: T.PagedQuery<T.InteractionsQuery> = {}): Promise<T.Interaction[]> {
    return this.http.json('/v2/data', { query, jwt: true });
  }

  /** GET /v1/data/requests: one page of feedback requests in the v1 shape. */
  listFeedbackRequestsV1(query: T.PagedQuery<T.FeedbackRequestsV1Query> = {}): Promise<T.FeedbackRequestsV1Page> {
    return this.http.json('/v1/data/requests', { query, jwt: true });
  }

  /** GET /v1/data/responses: one page of survey responses in the v1 shape. */
  listSurveyResponsesV1(query: T.PagedQuery<T.SurveyResponsesV1Query> = {}): Promise<T.SurveyResponsesV1Page> {
    return this.http.json('/v1/data/responses', { query, jwt: true });
  }

  /** POST /v2/webhooks: registers an endpoint; the answer carries its signing secret, shown once. */
  createWebhookEndpoint(body: T.WebhookEndpointInput): Promise<T.CreatedWebhookEndpoint> {
    return this.http.json('/v2/webhooks', { method: 'POST', body, jwt: true });
  }

  /** GET /v2/webhooks: every endpoint of the company. */
  listWebhookEndpoints(): Promise<T.WebhookEndpointList> {
    return this.http.json('/v2/webhooks', { jwt: true });
  }

  /** PUT /v2/webhooks/{id}: turns an endpoint on or off. */
  updateWebhookEndpoint(id: number, body: T.WebhookEndpointUpdate): Promise<T.WebhookEndpoint> {
    return this.http.json(`/v2/webhooks/${segment(id)}`, { method: 'PUT', body, jwt: true });
  }

  /** GET /v2/webhooks/{id}/deliveries: the latest deliveries first; page backwards with `before`. */
  listWebhookDeliveries(id: number, query: T.WebhookDeliveriesQuery = {}): Promise<T.WebhookDeliveryList> {
    return this.http.json(`/v2/webhooks/${segment(id)}/deliveries`, { query, jwt: true });
  }

  /** GET /v2/employees: one page of employees; meta.next_page links the next (paginate.listEmployees follows it). */
  listEmployees(query: T.EmployeesQuery = {}): Promise<T.EmployeePage> {
    return this.http.json('/v2/employees', { query, jwt: true });
  }

  /** POST /v2/employees: creates an active employee. */
  createEmployee(body: T.EmployeeInput): Promise<T.Employee> {
    return this.http.json('/v2/employees', { method: 'POST', body, jwt: true });
  }

  /** GET /v2/employees/{id}: an employee by email or custom_employee_id. */
  getEmployee(id: string): Promise<T.Employee> {
    return this.http.json(`/v2/employees/${segment(id)}`, { jwt: true });
  }

  /** PUT /v2/employees/{id}: changes the fields given. */
  updateEmployee(id: string, body: T.EmployeeUpdate): Promise<T.Employee> {
    return this.http.json(`/v2/employees/${segment(id)}`, { method: 'PUT', body, jwt: true });
  }

  /** POST /v2/employees/invite: creates a pending employee and emails an invitation to set a password. */
  inviteEmployee(body: T.EmployeeInvite): Promise<T.Employee> {
    return this.http.json('/v2/employees/invite', { method: 'POST', body, jwt: true });
  }

  /** PUT /v2/employees/{id}/activate */
  activateEmployee(id: string): Promise<T.Employee> {
    return this.http.json(`/v2/employees/${segment(id)}/activate`, { method: 'PUT', jwt: true });
  }

  /** PUT /v2/employees/{id}/deactivate: the employee can no longer be sent feedback requests. */
  deactivateEmployee(id: string): Promise<T.Employee> {
    return this.http.json(`/v2/employees/${segment(id)}/deactivate`, { method: 'PUT', jwt: true });
  }

  /** GET /v2/qa: one page of QA reviews ordered by sequence_id. */
  listQaReviews(query: T.PagedQuery<T.QaReviewsQuery> = {}): Promise<T.QaReview[]> {
    return this.http.json('/v2/qa', { query, jwt: true });
  }

  /** POST /v2/qa: starts (or, with complete, finishes) a QA review on a scorecard. */
  createQaReview(body: T.QaReviewInput): Promise<T.QaReview> {
    return this.http.json('/v2/qa', { method: 'POST', body, jwt: true });
  }

  /** PUT /v2/qa/{uuid} */
  updateQaReview(uuid: string, body: T.QaReviewUpdate): Promise<T.QaReview> {
    return this.http.json(`/v2/qa/${segment(uuid)}`, { method: 'PUT', body, jwt: true });
  }

  /** GET /v2/qa/audits: one page of audits ordered by sequence_id. */
  listQaAudits(query: T.PagedQuery<T.QaAuditsQuery> = {}): Promise<T.QaAudit[]> {
    return this.http.json('/v2/qa/audits', { query, jwt: true });
  }

  /** POST /v2/qa/audits: an audit of a QA review. */
  createQaAudit(body: T.QaAuditInput): Promise<T.QaAudit> {
    return this.http.json('/v2/qa/audits', { method: 'POST', body, jwt: true });
  }

  /** PUT /v2/qa/audits/{uuid} */
  updateQaAudit(uuid: string, body: T.QaAuditUpdate): Promise<T.QaAudit> {
    return this.http.json(`/v2/qa/audits/${segment(uuid)}`, { method: 'PUT', body, jwt: true });
  }

  /** GET /v2/qa/calibrations: one page of calibrations ordered by sequence_id. */
  listQaCalibrations(query: T.PagedQuery<T.QaCalibrationsQuery> = {}): Promise<T.QaCalibration[]> {
    return this.http.json('/v2/qa/calibrations', { query, jwt: true });
  }

  /** POST /v2/qa/calibrations */
  createQaCalibration(body: T.QaCalibrationInput): Promise<T.QaCalibration> {
    return this.http.json('/v2/qa/calibrations', { method: 'POST', body, jwt: true });
  }

  /** PUT /v2/qa/calibrations/{uuid} */
  updateQaCalibration(uuid: string, body: T.QaCalibrationUpdate): Promise<T.QaCalibration> {
    return this.http.json(`/v2/qa/calibrations/${segment(uuid)}`, { method: 'PUT', body, jwt: true });
  }

  /** GET /v2/qa/scorecards: every scorecard with its sections, questions and options. */
  listScorecards(): Promise<T.Scorecard[]> {
    return this.http.json('/v2/qa/scorecards', { jwt: true });
  }

  /** POST /v2/qa/scorecards */
  createScorecard(body: T.ScorecardInput): Promise<T.Scorecard> {
    return this.http.json('/v2/qa/scorecards', { method: 'POST', body, jwt: true });
  }

  /** PUT /v2/qa/scorecards/{id}: renames or archives a scorecard. */
  updateScorecard(id: number, body: T.ScorecardUpdate): Promise<T.Scorecard> {
    return this.http.json(`/v2/qa/scorecards/${segment(id)}`, { method: 'PUT', body, jwt: true });
  }

  /** GET /v2/coaching/sessions: one page of coaching sessions ordered by sequence_id. */
  listCoachingSessions(query: T.PagedQuery<T.CoachingSessionsQuery> = {}): Promise<T.CoachingSession[]> {
    return this.http.json('/v2/coaching/sessions', { query, jwt: true });
  }

  /** POST /v2/coaching/sessions */
  createCoachingSession(body: T.CoachingSessionInput): Promise<T.CoachingSession> {
    return this.http.json('/v2/coaching/sessions', { method: 'POST', body, jwt: true });
  }

  /** PUT /v2/coaching/sessions/{uuid} */
  updateCoachingSession(uuid: string, body: T.CoachingSessionUpdate): Promise<T.CoachingSession> {
    return this.http.json(`/v2/coaching/sessions/${segment(uuid)}`, { method: 'PUT', body, jwt: true });
  }

  /** GET /v2/coaching/action-items: an employee's action items. */
  listActionItems(query: T.ActionItemsQuery = {}): Promise<T.ActionItem[]> {
    return this.http.json('/v2/coaching/action-items', { query, jwt: true });
  }

  /** GET /v2/reports/metrics: the metrics of a period by up to two slices (group_by "employee,week"), JSON. */
  getMetricsReport(query: T.MetricsReportQuery): Promise<T.MetricsReport> {
    return this.http.json('/v2/reports/metrics', { query: { ...query, format: 'json' }, jwt: true });
  }

  /** GET /v2/integrations: the external-metric integrations. */
  listIntegrations(): Promise<T.Integration[]> {
    return this.http.json('/v2/integrations', { jwt: true });
  }

  /** POST /v2/integrations */
  createIntegration(body: T.IntegrationInput): Promise<T.Integration> {
    return this.http.json('/v2/integrations', { method: 'POST', body, jwt: true });
  }

  /** POST /v2/integrations/{id}/records: stores a metric record, replacing the one of the same employee and date. */
  upsertIntegrationRecord(id: string, body: T.IntegrationRecordInput): Promise<T.IntegrationRecord> {
    return this.http.json(`/v2/integrations/${segment(id)}/records`, { method: 'POST', body, jwt: true });
  }

  /** GET /v2/integrations/{id}/records: one page of records ordered by sequence_id. */
  listIntegrationRecords(id: string, query: T.PagedQuery<T.IntegrationRecordsQuery> = {}): Promise<T.IntegrationRecord[]> {
    return this.http.json(`/v2/integrations/${segment(id)}/records`, { query, jwt: true });
  }

  /**
   * Every record of a list operation, page after page, as an async iterator. The sequence-ordered
   * feeds resume from `query.after` (the last sequence_id you stored); employees follow
   * meta.next_page; webhook deliveries go backwards with `before`.
   */
  readonly paginate = {
    listInteractions: (query: T.PagedQuery<T.InteractionsQuery> = {}): AsyncGenerator<T.Interaction> => pagesBySequence((q) => this.listInteractions(q), query),
    listFeedbackRequestsV1: (query: T.PagedQuery<T.FeedbackRequestsV1Query> = {}): AsyncGenerator<T.FeedbackRequestV1> =>
      pagesBySequence(async (q: T.PagedQuery<T.FeedbackRequestsV1Query>) => (await this.listFeedbackRequestsV1(q)).requests, query),
    listSurveyResponsesV1: (query: T.PagedQuery<T.SurveyResponsesV1Query> = {}): AsyncGenerator<T.SurveyResponseV1> =>
      pagesBySequence(async (q: T.PagedQuery<T.SurveyResponsesV1Query>) => (await this.listSurveyResponsesV1(q)).responses, query),
    listQaReviews: (query: T.PagedQuery<T.QaReviewsQuery> = {}): AsyncGenerator<T.QaReview> => pagesBySequence((q) => this.listQaReviews(q), query),
    listQaAudits: (query: T.PagedQuery<T.QaAuditsQuery> = {}): AsyncGenerator<T.QaAudit> => pagesBySequence((q) => this.listQaAudits(q), query),
    listQaCalibrations: (query: T.PagedQuery<T.QaCalibrationsQuery> = {}): AsyncGenerator<T.QaCalibration> => pagesBySequence((q) => this.listQaCalibrations(q), query),
    listCoachingSessions: (query: T.PagedQuery<T.CoachingSessionsQuery> = {}): AsyncGenerator<T.CoachingSession> => pagesBySequence((q) => this.listCoachingSessions(q), query),
    listIntegrationRecords: (id: string, query: T.PagedQuery<T.IntegrationRecordsQuery> = {}): AsyncGenerator<T.IntegrationRecord> => pagesBySequence((q) => this.listIntegrationRecords(id, q), query),
    listEmployees: (query: T.EmployeesQuery = {}): AsyncGenerator<T.Employee> => this.employeePages(query),
    listWebhookDeliveries: (id: number, query: T.WebhookDeliveriesQuery = {}): AsyncGenerator<T.WebhookDelivery> => this.deliveryPages(id, query),
  };

  /**
   * A whole feed in one streamed response (`stream=true`, no page limit), parsed as it arrives with
   * one record in memory at a time. To resume after a broken connection, call again with `after`
   * set to the last sequence_id received.
   */
  readonly stream = {
    listInteractions: (query: T.PagedQuery<T.InteractionsQuery> = {}): AsyncGenerator<T.Interaction> => this.streamed<T.Interaction>('/v2/data', query),
    listFeedbackRequestsV1: (query: T.PagedQuery<T.FeedbackRequestsV1Query> = {}): AsyncGenerator<T.FeedbackRequestV1> => this.streamed<T.FeedbackRequestV1>('/v1/data/requests', query, true),
    listSurveyResponsesV1: (query: T.PagedQuery<T.SurveyResponsesV1Query> = {}): AsyncGenerator<T.SurveyResponseV1> => this.streamed<T.SurveyResponseV1>('/v1/data/responses', query, true),
  };

  private create(path: string, body: unknown, options: CreateOptions): Promise<T.Created> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? crypto.randomUUID() };
    return this.http.json(path, { method: 'POST', body, headers, retryNetworkErrors: true });
  }

  private async *streamed<R>(path: string, query: object, envelope = false): AsyncGenerator<R> {
    const response = await this.http.send(path, { query: { ...query, stream: true }, jwt: true });
    if (!response.body) return;
    yield* parseJsonArrayStream(response.body, { envelope }) as AsyncGenerator<R>;
  }

  private async *employeePages(query: T.EmployeesQuery): AsyncGenerator<T.Employee> {
    let page = await this.listEmployees(query);
    for (;;) {
      yield* page.employees;
      if (!page.meta.next_page) return;
      // next_page is absolute on the server's PUBLIC_URL; keep to the base URL this client was given.
      const next = new URL(page.meta.next_page);
      page = await this.http.json<T.EmployeePage>(`${next.pathname}${next.search}`, { jwt: true });
    }
  }

  private async *deliveryPages(id: number, query: T.WebhookDeliveriesQuery): AsyncGenerator<T.WebhookDelivery> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    let before = query.before;
    for (;;) {
      const { deliveries } = await this.listWebhookDeliveries(id, { ...query, limit, before });
      yield* deliveries;
      if (deliveries.length < limit) return;
      before = deliveries[deliveries.length - 1].id;
    }
  }
}
