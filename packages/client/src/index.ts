import { Http, type ClientOptions } from './http.ts';
import { parseJsonArrayStream } from './json-array-stream.ts';
import type {
  BatchResult,
  Created,
  Employee,
  EmployeePage,
  FeedbackRequest,
  FeedQuery,
  Interaction,
  RecoveryRequest,
  SequencedRecord,
} from './types.ts';

export * from './errors.ts';
export * from './types.ts';
export { parseJsonArrayStream } from './json-array-stream.ts';
export type { ClientOptions } from './http.ts';

/** A data-return feed: one page, every record from `after` on (paged), or one streamed response. */
export class Feed<T extends { sequence_id: number }> {
  constructor(
    private readonly http: Http,
    private readonly path: string,
  ) {}

  page(query: FeedQuery = {}): Promise<T[]> {
    return this.http.json<T[]>(this.path, { query, jwt: true });
  }

  /** Every record after `query.after`, page by page (`after` = the last sequence_id seen). */
  async *list(query: FeedQuery = {}): AsyncGenerator<T> {
    let after = query.after;
    for (;;) {
      const page = await this.page({ ...query, after });
      for (const record of page) yield record;
      if (page.length === 0 || page.length < (query.limit ?? 1000)) return;
      after = page[page.length - 1].sequence_id;
    }
  }

  /** One HTTP-streamed response (`stream=true`), parsed as it arrives. */
  async *stream(query: FeedQuery = {}): AsyncGenerator<T> {
    const response = await this.http.send(this.path, { query: { ...query, stream: true }, jwt: true });
    if (!response.body) return;
    yield* parseJsonArrayStream(response.body) as AsyncGenerator<T>;
  }
}

/**
 * The Agent Connect API. Creates send an Idempotency-Key (a new UUID unless given), so a
 * retry after a network error can never create a second request or send a second email.
 */
export class AgentConnectClient {
  private readonly http: Http;
  readonly feedback: Feed<Interaction>;
  readonly qa: { reviews: Feed<SequencedRecord>; audits: Feed<SequencedRecord>; calibrations: Feed<SequencedRecord> };
  readonly coaching: { sessions: Feed<SequencedRecord> };

  constructor(options: ClientOptions) {
    this.http = new Http(options);
    this.feedback = new Feed(this.http, '/v2/data');
    this.qa = {
      reviews: new Feed(this.http, '/v2/qa'),
      audits: new Feed(this.http, '/v2/qa/audits'),
      calibrations: new Feed(this.http, '/v2/qa/calibrations'),
    };
    this.coaching = { sessions: new Feed(this.http, '/v2/coaching/sessions') };
  }

  readonly requests = {
    create: (body: FeedbackRequest, options: { idempotencyKey?: string } = {}) => this.create('/v1/requests', body, options.idempotencyKey),
    createBatch: (requests: FeedbackRequest[]) =>
      this.http.json<{ results: BatchResult[] }>('/v1/requests/batch', { method: 'POST', body: { requests } }).then((r) => r.results),
  };

  readonly recoveries = {
    create: (body: RecoveryRequest, options: { idempotencyKey?: string } = {}) => this.create('/v1/recoveries', body, options.idempotencyKey),
  };

  readonly employees = {
    get: (id: string) => this.http.json<Employee>(`/v2/employees/${encodeURIComponent(id)}`, { jwt: true }),
    create: (employee: Record<string, unknown>) => this.http.json<Employee>('/v2/employees', { method: 'POST', body: employee, jwt: true }),
    invite: (employee: Record<string, unknown>) => this.http.json<Employee>('/v2/employees/invite', { method: 'POST', body: employee, jwt: true }),
    update: (id: string, changes: Record<string, unknown>) =>
      this.http.json<Employee>(`/v2/employees/${encodeURIComponent(id)}`, { method: 'PUT', body: changes, jwt: true }),
    activate: (id: string) => this.http.json<Employee>(`/v2/employees/${encodeURIComponent(id)}/activate`, { method: 'PUT', jwt: true }),
    deactivate: (id: string) => this.http.json<Employee>(`/v2/employees/${encodeURIComponent(id)}/deactivate`, { method: 'PUT', jwt: true }),
    /** Every employee matching the filters, following meta.next_page. */
    list: (filters: FeedQuery = {}) => this.employeePages(filters),
  };

  readonly integrations = {
    createRecord: (integrationId: string | number, record: Record<string, unknown>) =>
      this.http.json<Record<string, unknown>>(`/v2/integrations/${encodeURIComponent(String(integrationId))}/records`, {
        method: 'POST',
        body: { record },
        jwt: true,
      }),
  };

  private create(path: string, body: unknown, idempotencyKey: string = crypto.randomUUID()): Promise<Created> {
    return this.http.json<Created>(path, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey }, retryNetworkErrors: true });
  }

  private async *employeePages(filters: FeedQuery): AsyncGenerator<Employee> {
    let page = await this.http.json<EmployeePage>('/v2/employees', { query: filters, jwt: true });
    for (;;) {
      yield* page.employees;
      if (!page.meta?.next_page) return;
      const next = new URL(page.meta.next_page);
      page = await this.http.json<EmployeePage>(`${next.pathname}${next.search}`, { jwt: true });
    }
  }
}
