import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface FunnelCriteria {
  isTest: boolean;
  /** Sent at or after (ms). */
  fromMs: number;
  /** Sent before (ms). */
  toMs: number;
  /** Only these employees (undefined: all). */
  employeeIds?: readonly number[];
}

export interface FunnelCounts {
  delivered: number;
  openedOrClicked: number;
  answeredFollowUp: number;
  finished: number;
}

/**
 * The survey completion funnel, counted from the raw rows of the period (first surveys by the
 * time they were sent). Not rolled up: its cost grows with the period's surveys, which the
 * (company_id, sent_at) reach of the interactions keeps to the period's rows.
 */
export class FunnelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async counts(companyId: number, criteria: FunnelCriteria): Promise<FunnelCounts> {
    if (criteria.employeeIds && criteria.employeeIds.length === 0) return { delivered: 0, openedOrClicked: 0, answeredFollowUp: 0, finished: 0 };
    let query = this.db
      .selectFrom('interactions as i')
      .leftJoin('surveys as s', (join) => join.onRef('s.interaction_id', '=', 'i.id').on('s.company_id', '=', companyId))
      .where('i.company_id', '=', companyId)
      .where('i.is_test', '=', criteria.isTest ? 1 : 0)
      .where('i.is_recovery', '=', 0)
      .where('i.sent_at', '>=', criteria.fromMs)
      .where('i.sent_at', '<', criteria.toMs);
    if (criteria.employeeIds) query = query.where('i.employee_id', 'in', [...criteria.employeeIds]);
    const answered = (rating: boolean) => sql<number>`CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.company_id = ${companyId} AND a.interaction_id = i.id AND a.question_key ${sql.raw(rating ? '=' : '<>')} 'agent_star_rating') THEN 1 ELSE 0 END`;
    const row = await query
      .select((eb) => [
        eb.fn.countAll<number>().as('delivered'),
        eb.fn.coalesce(eb.fn.sum<number>(answered(true)), sql<number>`0`).as('opened'),
        eb.fn.coalesce(eb.fn.sum<number>(answered(false)), sql<number>`0`).as('followed'),
        eb.fn.coalesce(eb.fn.sum<number>(sql<number>`CASE WHEN s.completed_at IS NOT NULL THEN 1 ELSE 0 END`), sql<number>`0`).as('finished'),
      ])
      .executeTakeFirstOrThrow();
    return { delivered: Number(row.delivered), openedOrClicked: Number(row.opened), answeredFollowUp: Number(row.followed), finished: Number(row.finished) };
  }
}
