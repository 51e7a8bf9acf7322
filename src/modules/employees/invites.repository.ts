import { bumpCacheEpoch } from '../../db/cache-epoch.ts';
import type { Kysely } from 'kysely';
import type { Database, EmployeeRow } from '../../db/schema.ts';

export interface InviteRecord {
  id: number;
  company_id: number;
  employee_id: number;
  expires_at: number;
  used_at: number | null;
}

/** Set-password tokens (stored as SHA-256 hashes) and what using one changes. */
export class InvitesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async companyName(companyId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirst();
    return row?.name;
  }

  async findEmployee(companyId: number, employeeId: number): Promise<EmployeeRow | undefined> {
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', employeeId).executeTakeFirst();
  }

  async insert(companyId: number, employeeId: number, tokenHash: string, expiresAt: number): Promise<void> {
    await this.db
      .insertInto('employee_invites')
      .values({ company_id: companyId, employee_id: employeeId, token_hash: tokenHash, created_at: Date.now(), expires_at: expiresAt, used_at: null })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<InviteRecord | undefined> {
    return this.db
      .selectFrom('employee_invites')
      .select(['id', 'company_id', 'employee_id', 'expires_at', 'used_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /**
   * Uses the token (once: a concurrent second use finds it used), sets the password and
   * activates a pending employee, and retires the employee's other tokens. False when the
   * token was already used or has expired.
   */
  async redeem(invite: InviteRecord, passwordHash: string, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('employee_invites')
        .set({ used_at: now })
        .where('id', '=', invite.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return false;
      await trx
        .updateTable('employee_invites')
        .set({ used_at: now })
        .where('company_id', '=', invite.company_id)
        .where('employee_id', '=', invite.employee_id)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .updateTable('employees')
        .set({ password_hash: passwordHash, password_must_change: 0, last_active_at: now, updated_at: now })
        .where('company_id', '=', invite.company_id)
        .where('id', '=', invite.employee_id)
        .execute();
      await trx
        .updateTable('employees')
        .set({ status: 'active' })
        .where('company_id', '=', invite.company_id)
        .where('id', '=', invite.employee_id)
        .where('status', '=', 'pending')
        .execute();
      await bumpCacheEpoch(trx);
      return true;
    });
  }
}
