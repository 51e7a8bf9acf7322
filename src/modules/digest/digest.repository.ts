import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseJson } from '../../lib/json.ts';
import { pendingOutboxRow } from '../../outbox/outbox.repository.ts';
import { readSettings } from '../companies/company-settings.ts';

/** The outbox kind of the weekly digest email; its payload is a DigestJob. */
export const WEEKLY_DIGEST_KIND = 'weekly_digest';

export interface DigestJob {
  employee_id: number;
  /** The Monday (local day number) of the week the digest reports. */
  week: number;
}

/**
 * Who gets the weekly digest and which weeks went out (digest_sends). Company id first, always.
 * A recipient is an active employee with weekly_digest on who leads a team (has team members)
 * or whose role has the `admin` capability.
 */
export class DigestRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every company with its time zone (the scheduler looks at each one's local time). */
  async companies(): Promise<{ id: number; timeZone: string }[]> {
    const rows = await this.db.selectFrom('companies').select(['id', 'settings']).orderBy('id').execute();
    return rows.map((row) => ({ id: Number(row.id), timeZone: readSettings(parseJson(row.settings, {})).time_zone }));
  }

  /**
   * In one transaction: records a digest_sends row for each recipient of `companyId` who has none
   * for `week` (insert-on-conflict-do-nothing, so of concurrent workers exactly one inserts each),
   * and enqueues a weekly_digest job for each row this call inserted. Returns their employee ids.
   */
  async enqueueWeek(companyId: number, week: number, adminRoles: readonly string[], now: number): Promise<number[]> {
    return this.db.transaction().execute(async (trx) => {
      const candidates = await trx
        .selectFrom('employees as e')
        .select('e.id')
        .where('e.company_id', '=', companyId)
        .where('e.status', '=', 'active')
        .where('e.weekly_digest', '=', 1)
        .where('e.email', '<>', '')
        .where((eb) =>
          eb.or([
            eb.exists(eb.selectFrom('employee_team_leaders as t').select('t.employee_id').where('t.company_id', '=', companyId).whereRef('t.team_leader_id', '=', 'e.id')),
            ...(adminRoles.length > 0 ? [eb('e.role', 'in', [...adminRoles])] : []),
          ]),
        )
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('digest_sends as d').select('d.employee_id').where('d.company_id', '=', companyId).where('d.week', '=', week).whereRef('d.employee_id', '=', 'e.id'))),
        )
        .orderBy('e.id')
        .execute();
      if (candidates.length === 0) return [];
      const inserted = await trx
        .insertInto('digest_sends')
        .values(candidates.map((row) => ({ company_id: companyId, employee_id: Number(row.id), week, created_at: now })))
        .onConflict((oc) => oc.columns(['company_id', 'employee_id', 'week']).doNothing())
        .returning('employee_id')
        .execute();
      const ids = inserted.map((row) => Number(row.employee_id)).sort((a, b) => a - b);
      if (ids.length > 0) {
        await trx
          .insertInto('outbox')
          .values(ids.map((id) => pendingOutboxRow(companyId, WEEKLY_DIGEST_KIND, { employee_id: id, week } satisfies DigestJob, now)))
          .execute();
      }
      return ids;
    });
  }

  /** Turns the employee's weekly digest on or off; false when there is no such employee. */
  async setWeeklyDigest(companyId: number, employeeId: number, on: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('employees')
      .set({ weekly_digest: on ? 1 : 0 })
      .where('company_id', '=', companyId)
      .where('id', '=', employeeId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
