import type { Kysely } from 'kysely';
import type { Database, InteractionRow } from '../../db/schema.ts';
import type { InteractionScopeFilter } from '../access/policy.ts';

/** Which interactions a feed returns; times are epoch ms, bounds inclusive. */
export interface InteractionFilter extends InteractionScopeFilter {
  includeRecovery: boolean;
  /** Only interactions with a survey response. */
  respondedOnly?: boolean;
  createdGte?: number;
  createdLte?: number;
  respondedGte?: number;
  respondedLte?: number;
}

/** The interaction columns a feed record is built from. */
const FEED_COLUMNS = [
  'id', 'uuid', 'sequence_id', 'parent_id', 'is_recovery', 'brand_id', 'channel', 'employee_id', 'team_leader_id',
  'customer_email', 'customer_name', 'customer_custom_id', 'language', 'tags', 'custom_properties', 'ext_interaction_id',
  'external_url', 'requested_via', 'delivery_status', 'sent_at', 'response_received_at', 'reward_name', 'created_at',
] as const;

export type FeedInteractionRow = Pick<InteractionRow, (typeof FEED_COLUMNS)[number]> & {
  /** Filled in by the service from `uuids` (a self-join can make planners scan the table). */
  parent_uuid?: string | null;
  /** Filled in by the service from `brandNames`. */
  brand_name?: string;
};

export interface FeedEmployeeRow {
  id: number;
  email: string;
  custom_id: string | null;
  first_name: string | null;
  last_name: string | null;
}

export interface FeedAnswerRow {
  id: number;
  interaction_id: number;
  question_key: string;
  question_id: number;
  question_text: string;
  comment: string | null;
  selected_options: string;
}

/** Read side of the interactions change feed; every query takes the company id first. */
export class DataReturnRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Interactions with sequence_id > after matching the filter, ascending, at most `limit`. */
  async interactionsAfter(companyId: number, filter: InteractionFilter, after: number, limit: number): Promise<FeedInteractionRow[]> {
    let query = this.db
      .selectFrom('interactions')
      .select(FEED_COLUMNS)
      .where('company_id', '=', companyId)
      .where('is_test', '=', filter.isTest ? 1 : 0)
      .where('sequence_id', '>', after);
    if (filter.employeeIds) query = query.where('employee_id', 'in', filter.employeeIds);
    if (!filter.includeRecovery) query = query.where('is_recovery', '=', 0);
    if (filter.createdGte !== undefined) query = query.where('created_at', '>=', filter.createdGte);
    if (filter.createdLte !== undefined) query = query.where('created_at', '<=', filter.createdLte);
    if (filter.respondedOnly) query = query.where('response_received_at', 'is not', null);
    if (filter.respondedGte !== undefined) query = query.where('response_received_at', '>=', filter.respondedGte);
    if (filter.respondedLte !== undefined) query = query.where('response_received_at', '<=', filter.respondedLte);
    return query.orderBy('sequence_id').limit(limit).execute();
  }

  /** Brand name by id. Kept out of the feed query so its plan is always the feed index alone. */
  async brandNames(companyId: number, ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('brands').select(['id', 'name']).where('company_id', '=', companyId).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [Number(row.id), row.name]));
  }

  /** uuid by id for the given interactions (the parents of recoveries). */
  async uuids(companyId: number, ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    // By primary key alone, scoped below: with company_id in the WHERE clause a planner
    // without statistics may walk an index on company_id instead.
    const rows = await this.db.selectFrom('interactions').select(['id', 'uuid', 'company_id']).where('id', 'in', ids).execute();
    return new Map(rows.filter((row) => Number(row.company_id) === companyId).map((row) => [Number(row.id), row.uuid]));
  }

  async employees(companyId: number, ids: number[]): Promise<FeedEmployeeRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('employees')
      .select(['id', 'email', 'custom_id', 'first_name', 'last_name'])
      .where('company_id', '=', companyId)
      .where('id', 'in', ids)
      .execute();
  }

  /**
   * Answers of these interactions, grouped by interaction (in the order of the answers index, so
   * the database needs no sort; `id` gives the order they were first given).
   */
  async answers(companyId: number, interactionIds: number[]): Promise<FeedAnswerRow[]> {
    if (interactionIds.length === 0) return [];
    return this.db
      .selectFrom('answers')
      .select(['id', 'interaction_id', 'question_key', 'question_id', 'question_text', 'comment', 'selected_options'])
      .where('company_id', '=', companyId)
      .where('interaction_id', 'in', interactionIds)
      .orderBy('interaction_id')
      .execute();
  }
}
