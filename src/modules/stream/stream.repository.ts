import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { isPostgres } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { TeamLeadersRepository } from '../employees/team-leaders.repository.ts';

/** Which responses: the scope (company, test data, employees) narrowed by the Stream's filters. */
export interface StreamCriteria {
  isTest: boolean;
  /** Only these employees (the scope, intersected with the agent and team filters); absent: the whole company. */
  employeeIds?: readonly number[];
  /** Answered at or after (epoch ms). */
  from: number;
  /** Answered at or before (epoch ms); absent: no end (the live stream). */
  to?: number;
  channels?: readonly string[];
  brandIds?: readonly number[];
  stars?: readonly number[];
  withComment?: boolean;
  /** Interactions having any of these tags. */
  tags?: readonly string[];
  /** false: first surveys only; true: recoveries only; absent: both. */
  recovery?: boolean;
}

export const CARD_COLUMNS = [
  'id', 'uuid', 'sequence_id', 'is_recovery', 'parent_id', 'brand_id', 'channel', 'employee_id', 'customer_name', 'customer_email',
  'tags', 'custom_properties', 'external_url', 'response_received_at', 'reward_name', 'created_at', 'star_rating', 'nps_score', 'resolved',
] as const;

export interface CardRow {
  id: number;
  uuid: string;
  sequence_id: number;
  is_recovery: number;
  parent_id: number | null;
  brand_id: number;
  channel: string;
  employee_id: number;
  customer_name: string | null;
  customer_email: string | null;
  tags: string;
  custom_properties: string | null;
  external_url: string | null;
  response_received_at: number | null;
  reward_name: string | null;
  created_at: number;
  star_rating: number | null;
  nps_score: number | null;
  resolved: number | null;
}

export interface LinkedRow {
  id: number;
  parent_id: number | null;
  uuid: string;
  star_rating: number | null;
  response_received_at: number | null;
}

export interface SummaryFigures {
  responses: number;
  star_count: number;
  star_sum: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  nps_count: number;
  promoters: number;
  detractors: number;
  fcr_count: number;
  fcr_yes: number;
}

/** The figures of the responses that chose these areas (option texts, one a line). */
export interface SummaryRow extends SummaryFigures {
  excellence_labels: string | null;
  improvement_labels: string | null;
}

export interface PersonRow {
  id: number;
  first_name: string | null;
  last_name: string | null;
  email: string;
}

type InteractionQuery<O> = SelectQueryBuilder<Database, 'interactions', O>;

/** The Stream's reads. Every query takes the company id first and stays inside it. */
export class StreamRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly teamLeaders = new TeamLeadersRepository(db),
  ) {}

  /** The members of these leaders' teams (as TeamLeadersRepository.teamMembers defines a team), ascending. */
  async teamMemberIds(companyId: number, leaderIds: readonly number[]): Promise<number[]> {
    if (leaderIds.length === 0) return [];
    const rows = await this.teamLeaders.teamMembers(companyId, leaderIds).orderBy('employee_team_leaders.employee_id').execute();
    return rows.map((row) => Number(row.employee_id));
  }

  /** Which of these ids are employees of the company. */
  async employeesAmong(companyId: number, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('employees').select('id').where('company_id', '=', companyId).where('id', 'in', [...ids]).execute();
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** Which of these ids are groups of the company. */
  async groupsAmong(companyId: number, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('groups').select('id').where('company_id', '=', companyId).where('id', 'in', [...ids]).execute();
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** The members (kind 'member') of these groups of the company, ascending. */
  async groupMemberIds(companyId: number, groupIds: readonly number[]): Promise<number[]> {
    if (groupIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('employee_groups')
      .select('employee_id')
      .distinct()
      .where('company_id', '=', companyId)
      .where('group_id', 'in', [...groupIds])
      .where('kind', '=', 'member')
      .orderBy('employee_id')
      .execute();
    return rows.map((row) => Number(row.employee_id));
  }

  /** Employees of the company who lead a team whose members are among `memberIds` (all members when absent). */
  async leadersOf(companyId: number, memberIds?: readonly number[]): Promise<number[]> {
    let query = this.db
      .selectFrom('employee_team_leaders')
      .select('team_leader_id')
      .distinct()
      .where('company_id', '=', companyId);
    if (memberIds) query = query.where('employee_id', 'in', [...memberIds, 0]);
    const rows = await query.execute();
    return rows.map((row) => Number(row.team_leader_id)).sort((a, b) => a - b);
  }

  /** Responses newest first (by sequence), below `before` when given. */
  async page(companyId: number, criteria: StreamCriteria, before: number | undefined, limit: number): Promise<CardRow[]> {
    // First the ids (from the Stream's indexes alone, without reading rows), then their rows.
    let ids = this.matching(companyId, criteria, this.db.selectFrom('interactions').select('id'));
    if (before !== undefined) ids = ids.where('sequence_id', '<', before);
    const rows = await this.db
      .selectFrom('interactions')
      .select(CARD_COLUMNS)
      // `+company_id`: still the company's rows only, but without statistics SQLite would otherwise
      // scan the company's index rather than look the page's ids up by primary key.
      .where(sql<number>`+${sql.ref('company_id')}`, '=', companyId)
      .where('id', 'in', ids.orderBy('sequence_id', 'desc').limit(limit))
      .orderBy('sequence_id', 'desc')
      .execute();
    return normalise(rows);
  }

  /** Responses changed after sequence `after` up to `upTo`, oldest first (the live stream). */
  async after(companyId: number, criteria: StreamCriteria, after: number, upTo: number, limit: number): Promise<CardRow[]> {
    const query = this.matching(companyId, criteria, this.db.selectFrom('interactions').select(CARD_COLUMNS)).where('sequence_id', '>', after).where('sequence_id', '<=', upTo);
    return normalise(await query.orderBy('sequence_id', 'asc').limit(limit).execute());
  }

  /** One response by request id (test data only with isTest), answered or not. */
  async byUuid(companyId: number, isTest: boolean, uuid: string): Promise<CardRow | undefined> {
    const row = await this.db
      .selectFrom('interactions')
      .select(CARD_COLUMNS)
      .where('company_id', '=', companyId)
      .where('uuid', '=', uuid)
      .where('is_test', '=', isTest ? 1 : 0)
      .executeTakeFirst();
    return row ? normalise([row])[0] : undefined;
  }

  /** The first surveys of these recoveries (by id) and the recoveries of these first surveys (by parent_id). */
  async linked(companyId: number, parentIds: number[], firstSurveyIds: number[]): Promise<{ parents: LinkedRow[]; recoveries: LinkedRow[] }> {
    const columns = ['id', 'parent_id', 'uuid', 'star_rating', 'response_received_at'] as const;
    const [parents, recoveries] = await Promise.all([
      parentIds.length === 0 ? [] : this.db.selectFrom('interactions').select(columns).where('company_id', '=', companyId).where('id', 'in', parentIds).execute(),
      firstSurveyIds.length === 0
        ? []
        : this.db.selectFrom('interactions').select(columns).where('company_id', '=', companyId).where('parent_id', 'in', firstSurveyIds).where('is_recovery', '=', 1).orderBy('id').execute(),
    ]);
    const fix = (rows: LinkedRow[]) => rows.map((row) => ({ ...row, id: Number(row.id), parent_id: row.parent_id === null ? null : Number(row.parent_id), response_received_at: nullableNumber(row.response_received_at) }));
    return { parents: fix(parents), recoveries: fix(recoveries) };
  }

  async answers(companyId: number, interactionIds: number[]) {
    if (interactionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('answers')
      .select(['interaction_id', 'question_key', 'comment', 'selected_options'])
      .where('company_id', '=', companyId)
      .where('interaction_id', 'in', interactionIds)
      .orderBy('interaction_id')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...row, interaction_id: Number(row.interaction_id) }));
  }

  async people(companyId: number, ids?: readonly number[]): Promise<PersonRow[]> {
    let query = this.db.selectFrom('employees').select(['id', 'first_name', 'last_name', 'email']).where('company_id', '=', companyId);
    if (ids) query = query.where('id', 'in', [...ids, 0]);
    const rows = await query.orderBy('first_name').orderBy('last_name').orderBy('id').execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /**
   * The matching responses' figures, one row per combination of chosen areas (a few hundred at
   * most): one pass over the Stream's index gives both the figures (their sums) and the areas'
   * counts, with no row per response leaving the database.
   */
  async summary(companyId: number, criteria: StreamCriteria): Promise<SummaryRow[]> {
    const star = (n: number) => sql<number>`sum(case when star_rating = ${sql.lit(n)} then 1 else 0 end)`;
    const rows = await this.matching(
      companyId,
      criteria,
      this.db.selectFrom('interactions').select([
        'excellence_labels',
        'improvement_labels',
        sql<number>`count(*)`.as('responses'),
        sql<number>`count(star_rating)`.as('star_count'),
        sql<number>`coalesce(sum(star_rating), 0)`.as('star_sum'),
        star(1).as('s1'), star(2).as('s2'), star(3).as('s3'), star(4).as('s4'), star(5).as('s5'),
        sql<number>`count(nps_score)`.as('nps_count'),
        sql<number>`sum(case when nps_score >= 9 then 1 else 0 end)`.as('promoters'),
        sql<number>`sum(case when nps_score <= 6 then 1 else 0 end)`.as('detractors'),
        sql<number>`count(resolved)`.as('fcr_count'),
        sql<number>`coalesce(sum(resolved), 0)`.as('fcr_yes'),
      ]),
    )
      .groupBy(['excellence_labels', 'improvement_labels'])
      .execute();
    return rows.map(({ excellence_labels, improvement_labels, ...figures }) => ({
      excellence_labels,
      improvement_labels,
      ...(Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, Number(value ?? 0)])) as unknown as SummaryFigures),
    }));
  }

  /** The last sequence id of each of these companies (one cheap query per tick of the live stream). */
  async sequenceHeads(companyIds: readonly number[]): Promise<Map<number, number>> {
    if (companyIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('company_sequences').select(['company_id', 'last_value']).where('company_id', 'in', [...companyIds]).execute();
    return new Map(rows.map((row) => [Number(row.company_id), Number(row.last_value)]));
  }

  private matching<O>(companyId: number, criteria: StreamCriteria, query: InteractionQuery<O>): InteractionQuery<O> {
    let q = query.where('company_id', '=', companyId).where('is_test', '=', criteria.isTest ? 1 : 0);
    if (criteria.employeeIds) q = q.where('employee_id', 'in', [...criteria.employeeIds, 0]);
    q = q.where('response_received_at', '>=', criteria.from);
    if (criteria.to !== undefined) q = q.where('response_received_at', '<=', criteria.to);
    if (criteria.channels) q = q.where('channel', 'in', [...criteria.channels]);
    if (criteria.brandIds) q = q.where('brand_id', 'in', [...criteria.brandIds]);
    if (criteria.stars) q = q.where('star_rating', 'in', [...criteria.stars]);
    if (criteria.withComment) q = q.where('has_comment', '=', 1);
    if (criteria.recovery !== undefined) q = q.where('is_recovery', '=', criteria.recovery ? 1 : 0);
    if (criteria.tags) q = q.where(this.hasAnyTag(criteria.tags));
    return q;
  }

  /** `tags` (a JSON array of strings) holds one of these tags exactly: json_each in SQLite, jsonb in PostgreSQL. */
  private hasAnyTag(tags: readonly string[]) {
    const wanted = sql.join(tags.map((tag) => sql`${tag}`));
    return isPostgres(this.db)
      ? sql<boolean>`exists (select 1 from jsonb_array_elements_text(interactions.tags::jsonb) as t(tag) where t.tag in (${wanted}))`
      : sql<boolean>`exists (select 1 from json_each(interactions.tags) where json_each.value in (${wanted}))`;
  }
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}

function normalise(rows: CardRow[]): CardRow[] {
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    sequence_id: Number(row.sequence_id),
    parent_id: row.parent_id === null ? null : Number(row.parent_id),
    brand_id: Number(row.brand_id),
    employee_id: Number(row.employee_id),
    response_received_at: nullableNumber(row.response_received_at),
    created_at: Number(row.created_at),
  }));
}
