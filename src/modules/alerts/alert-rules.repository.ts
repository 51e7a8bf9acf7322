import type { Kysely, Selectable } from 'kysely';
import type { AlertRulesTable, Database } from '../../db/schema.ts';
import { pendingOutboxRow } from '../../outbox/outbox.repository.ts';
import { TeamLeadersRepository } from '../employees/team-leaders.repository.ts';

export type AlertRuleRow = Selectable<AlertRulesTable>;
/** A rule with its team leader's name and email (null without one). */
export type AlertRuleListed = AlertRuleRow & { leader_email: string | null; leader_first_name: string | null; leader_last_name: string | null };

/** What a rule is made of, as create and update write it (the URL already sealed). */
export interface AlertRuleValues {
  name: string;
  target: string;
  url: string;
  min_rating: number;
  max_rating: number;
  comment_required: boolean;
  team_leader_id: number | null;
}

export const CHAT_ALERT_OUTBOX_KIND = 'chat_alert';

/** What a finished response offers the rules: its rating, whether it has a comment, its agent. */
export interface FinishedResponse {
  rating: number;
  hasComment: boolean;
  employeeId: number;
}

/** Everything a chat alert shows about one response. */
export interface AlertSubject {
  requestId: string;
  rating: number | null;
  comment: string | null;
  customerName: string | null;
  agentFirstName: string | null;
  agentLastName: string | null;
  agentEmail: string;
  brand: string;
  channel: string;
}

/** The alert_rules table, always scoped by company. */
export class AlertRulesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(companyId: number, values: AlertRuleValues): Promise<number> {
    const row = await this.db
      .insertInto('alert_rules')
      .values({ company_id: companyId, ...values, comment_required: values.comment_required ? 1 : 0, enabled: 1, last_status: null, last_error: null, last_sent_at: null, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Whether another rule of the company (not `exceptId`) has this name. */
  async nameTaken(companyId: number, name: string, exceptId?: number): Promise<boolean> {
    let query = this.db.selectFrom('alert_rules').select('id').where('company_id', '=', companyId).where('name', '=', name);
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  /** Changes the given fields of a rule; `enabled: false` pauses it. */
  async update(companyId: number, id: number, values: Partial<AlertRuleValues> & { enabled?: boolean }): Promise<void> {
    const { comment_required, enabled, ...rest } = values;
    const set = {
      ...rest,
      ...(comment_required === undefined ? {} : { comment_required: comment_required ? 1 : 0 }),
      ...(enabled === undefined ? {} : { enabled: enabled ? 1 : 0 }),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('alert_rules').set(set).where('company_id', '=', companyId).where('id', '=', id).execute();
  }

  async list(companyId: number, id?: number): Promise<AlertRuleListed[]> {
    let query = this.db
      .selectFrom('alert_rules')
      .leftJoin('employees', (join) => join.onRef('employees.id', '=', 'alert_rules.team_leader_id').onRef('employees.company_id', '=', 'alert_rules.company_id'))
      .selectAll('alert_rules')
      .select(['employees.email as leader_email', 'employees.first_name as leader_first_name', 'employees.last_name as leader_last_name'])
      .where('alert_rules.company_id', '=', companyId);
    if (id !== undefined) query = query.where('alert_rules.id', '=', id);
    return query.orderBy('alert_rules.id').execute();
  }

  async find(companyId: number, id: number): Promise<AlertRuleListed | undefined> {
    return (await this.list(companyId, id))[0];
  }

  async remove(companyId: number, id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('alert_rules').where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async recordDelivery(companyId: number, id: number, outcome: { status: 'sent' | 'failed'; error: string | null; at: number }): Promise<void> {
    await this.db
      .updateTable('alert_rules')
      .set({ last_status: outcome.status, last_error: outcome.error, last_sent_at: outcome.at })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .execute();
  }

  /** Active employee of the company with this email (case-insensitive), for a rule's team leader. */
  async activeEmployeeByEmail(companyId: number, email: string): Promise<{ id: number } | undefined> {
    const row = await this.db
      .selectFrom('employees')
      .select('id')
      .where('company_id', '=', companyId)
      .where('email_key', '=', email.trim().toLowerCase())
      .where('status', '!=', 'deactivated')
      .executeTakeFirst();
    return row ? { id: Number(row.id) } : undefined;
  }

  /**
   * The response of a finished production survey as the rules read it, or undefined when it has
   * no star rating (the rules are about ratings).
   */
  async finishedResponse(companyId: number, interactionId: number): Promise<FinishedResponse | undefined> {
    const row = await this.db
      .selectFrom('interactions')
      .select(['star_rating', 'has_comment', 'employee_id'])
      .where('company_id', '=', companyId)
      .where('id', '=', interactionId)
      .executeTakeFirst();
    if (!row || row.star_rating === null) return undefined;
    return { rating: Number(row.star_rating), hasComment: Number(row.has_comment) === 1, employeeId: Number(row.employee_id) };
  }

  /** Enabled rules whose rating range, comment condition and team leader the response meets. */
  async matching(companyId: number, response: FinishedResponse): Promise<AlertRuleRow[]> {
    const rules = await this.db
      .selectFrom('alert_rules')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('enabled', '=', 1)
      .where('min_rating', '<=', response.rating)
      .where('max_rating', '>=', response.rating)
      .orderBy('id')
      .execute();
    const candidates = rules.filter((rule) => rule.comment_required === 0 || response.hasComment);
    if (candidates.every((rule) => rule.team_leader_id === null)) return candidates;
    const leaders = (await new TeamLeadersRepository(this.db).leadersOf(companyId, [response.employeeId])).get(response.employeeId) ?? [];
    return candidates.filter((rule) => rule.team_leader_id === null || leaders.includes(Number(rule.team_leader_id)));
  }

  /** Queues one chat alert per rule (inside the caller's transaction). */
  async enqueue(companyId: number, interactionId: number, ruleIds: number[]): Promise<void> {
    if (ruleIds.length === 0) return;
    const now = Date.now();
    await this.db
      .insertInto('outbox')
      .values(ruleIds.map((ruleId) => pendingOutboxRow(companyId, CHAT_ALERT_OUTBOX_KIND, { rule_id: ruleId, interaction_id: interactionId }, now, interactionId)))
      .execute();
  }

  /** The response an alert shows: rating, comment (the star rating's, else another), customer, agent. */
  async subject(companyId: number, interactionId: number): Promise<AlertSubject | undefined> {
    const row = await this.db
      .selectFrom('interactions')
      .innerJoin('employees', (join) => join.onRef('employees.id', '=', 'interactions.employee_id').onRef('employees.company_id', '=', 'interactions.company_id'))
      .innerJoin('brands', 'brands.id', 'interactions.brand_id')
      .select(['interactions.uuid', 'interactions.star_rating', 'interactions.customer_name', 'interactions.channel', 'employees.first_name', 'employees.last_name', 'employees.email', 'brands.name as brand', 'brands.display_name as brand_display_name'])
      .where('interactions.company_id', '=', companyId)
      .where('interactions.id', '=', interactionId)
      .executeTakeFirst();
    if (!row) return undefined;
    const comments = await this.db
      .selectFrom('answers')
      .select(['question_key', 'comment'])
      .where('company_id', '=', companyId)
      .where('interaction_id', '=', interactionId)
      .where('comment', 'is not', null)
      .orderBy('question_id')
      .execute();
    const written = comments.filter((answer) => (answer.comment ?? '').trim() !== '');
    const comment = (written.find((answer) => answer.question_key === 'agent_star_rating') ?? written[0])?.comment?.trim() ?? null;
    return {
      requestId: row.uuid,
      rating: row.star_rating === null ? null : Number(row.star_rating),
      comment,
      customerName: row.customer_name,
      agentFirstName: row.first_name,
      agentLastName: row.last_name,
      agentEmail: row.email,
      brand: row.brand_display_name ?? row.brand,
      channel: row.channel,
    };
  }
}
