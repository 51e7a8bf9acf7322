import { AgentConnectOperations, type CreateOptions } from './operations.js';
import type * as T from './types.js';

/** @deprecated A data-return feed of the first client versions; use the list operation, `paginate` or `stream`. */
export interface Feed<R, Q> {
  /** One page: the list operation itself. */
  page(query?: Q): Promise<R[]>;
  /** Every record after `query.after`, page by page: `paginate.<operation>`. */
  list(query?: Q): AsyncGenerator<R>;
  /** One streamed response: `stream.<operation>` (only the feeds that stream). */
  stream(query?: Q): AsyncGenerator<R>;
}

function feed<R, Q>(page: (query: Q) => Promise<R[]>, list: (query: Q) => AsyncGenerator<R>, stream?: (query: Q) => AsyncGenerator<R>): Feed<R, Q> {
  return {
    page: (query = {} as Q) => page(query),
    list: (query = {} as Q) => list(query),
    stream: (query = {} as Q) => {
      if (!stream) throw new Error('this feed does not stream; use list()');
      return stream(query);
    },
  };
}

/**
 * The Agent Connect API client: every operation of the document (see AgentConnectOperations), plus
 * the grouped names of the first versions, kept as deprecated aliases.
 */
export class AgentConnectClient extends AgentConnectOperations {
  /** @deprecated Use listInteractions, paginate.listInteractions and stream.listInteractions. */
  readonly feedback: Feed<T.Interaction, T.PagedQuery<T.InteractionsQuery>> = feed((q) => this.listInteractions(q), this.paginate.listInteractions, this.stream.listInteractions);

  /** @deprecated Use listQaReviews, listQaAudits, listQaCalibrations and their paginate versions. */
  readonly qa: {
    reviews: Feed<T.QaReview, T.PagedQuery<T.QaReviewsQuery>>;
    audits: Feed<T.QaAudit, T.PagedQuery<T.QaAuditsQuery>>;
    calibrations: Feed<T.QaCalibration, T.PagedQuery<T.QaCalibrationsQuery>>;
  } = {
    reviews: feed((q: T.PagedQuery<T.QaReviewsQuery>) => this.listQaReviews(q), this.paginate.listQaReviews),
    audits: feed((q: T.PagedQuery<T.QaAuditsQuery>) => this.listQaAudits(q), this.paginate.listQaAudits),
    calibrations: feed((q: T.PagedQuery<T.QaCalibrationsQuery>) => this.listQaCalibrations(q), this.paginate.listQaCalibrations),
  };

  /** @deprecated Use listCoachingSessions and paginate.listCoachingSessions. */
  readonly coaching: { sessions: Feed<T.CoachingSession, T.PagedQuery<T.CoachingSessionsQuery>> } = {
    sessions: feed((q: T.PagedQuery<T.CoachingSessionsQuery>) => this.listCoachingSessions(q), this.paginate.listCoachingSessions),
  };

  /** @deprecated Use createFeedbackRequest and createFeedbackRequestBatch. */
  readonly requests = {
    create: (body: T.FeedbackRequest, options: CreateOptions = {}): Promise<T.Created> => this.createFeedbackRequest(body, options),
    createBatch: async (requests: T.FeedbackRequest[]): Promise<T.BatchResult[]> => (await this.createFeedbackRequestBatch({ requests })).results,
  };

  /** @deprecated Use createRecovery. */
  readonly recoveries = {
    create: (body: T.RecoveryRequest, options: CreateOptions = {}): Promise<T.Created> => this.createRecovery(body, options),
  };

  /** @deprecated Use getEmployee, createEmployee, inviteEmployee, updateEmployee, activateEmployee, deactivateEmployee, paginate.listEmployees. */
  readonly employees = {
    get: (id: string): Promise<T.Employee> => this.getEmployee(id),
    create: (employee: T.EmployeeInput): Promise<T.Employee> => this.createEmployee(employee),
    invite: (employee: T.EmployeeInvite): Promise<T.Employee> => this.inviteEmployee(employee),
    update: (id: string, changes: T.EmployeeUpdate): Promise<T.Employee> => this.updateEmployee(id, changes),
    activate: (id: string): Promise<T.Employee> => this.activateEmployee(id),
    deactivate: (id: string): Promise<T.Employee> => this.deactivateEmployee(id),
    list: (filters: T.EmployeesQuery = {}): AsyncGenerator<T.Employee> => this.paginate.listEmployees(filters),
  };

  /** @deprecated Use upsertIntegrationRecord. */
  readonly integrations = {
    createRecord: (integrationId: string | number, record: T.IntegrationRecordInput['record']): Promise<T.IntegrationRecord> => this.upsertIntegrationRecord(String(integrationId), { record }),
  };
}
