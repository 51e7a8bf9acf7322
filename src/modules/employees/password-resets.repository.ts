import type { Kysely } from 'kysely';
import type { Database, EmployeeRow } from '../../db/schema.ts';
import { pendingOutboxRow } from '../../outbox/outbox.repository.ts';

export interface PasswordResetRecord {
  id: number;
  company_id: number;
  employee_id: number;
  expires_at: number;
  used_at: number | null;
}

/** A company account a reset can be sent to. */
export interface ResettableAccount {
  company_id: number;
  employee_id: number;
}

const HOUR = 3_600_000;

/** Password reset links (stored as SHA-256 hashes), the requests for them, and what using one changes. */
export class PasswordResetsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records a request and counts those of the last hour with the same email and with the same
   * client address (this one included); requests older than an hour are dropped.
   */
  async recordRequest(emailHash: string, clientHash: string, now: number): Promise<{ sameEmail: number; sameClient: number }> {
    const since = now - HOUR;
    await this.db.deleteFrom('password_reset_requests').where('created_at', '<=', since).execute();
    await this.db.insertInto('password_reset_requests').values({ email_hash: emailHash, client_hash: clientHash, created_at: now }).execute();
    const count = async (column: 'email_hash' | 'client_hash', value: string) => {
      const row = await this.db
        .selectFrom('password_reset_requests')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where(column, '=', value)
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return { sameEmail: await count('email_hash', emailHash), sameClient: await count('client_hash', clientHash) };
  }

  /**
   * Active employees with a password and this email, in the company given or (null) in every
   * company: the one look-up across companies, as at login, where the person names no company.
   */
  async accountsByEmail(companyId: number | null, emailKey: string): Promise<ResettableAccount[]> {
    let query = this.db
      .selectFrom('employees')
      .select(['company_id', 'id as employee_id'])
      .where('email_key', '=', emailKey)
      .where('status', '=', 'active')
      .where('password_hash', 'is not', null);
    if (companyId !== null) query = query.where('company_id', '=', companyId);
    return query.orderBy('company_id').execute();
  }

  async companyIdBySubdomain(subdomain: string): Promise<number | undefined> {
    return (await this.db.selectFrom('companies').select('id').where('subdomain', '=', subdomain.trim().toLowerCase()).executeTakeFirst())?.id;
  }

  async enqueueEmail(companyId: number, kind: string, employeeId: number, now: number): Promise<void> {
    await this.db.insertInto('outbox').values(pendingOutboxRow(companyId, kind, { employee_id: employeeId }, now)).execute();
  }

  async companyName(companyId: number): Promise<string | undefined> {
    return (await this.db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirst())?.name;
  }

  async findEmployee(companyId: number, employeeId: number): Promise<EmployeeRow | undefined> {
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', employeeId).executeTakeFirst();
  }

  /** Stores a new link and retires the employee's earlier unused ones (a new request replaces them). */
  async issue(companyId: number, employeeId: number, tokenHash: string, now: number, expiresAt: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('company_id', '=', companyId)
        .where('employee_id', '=', employeeId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('password_resets')
        .values({ company_id: companyId, employee_id: employeeId, token_hash: tokenHash, created_at: now, expires_at: expiresAt, used_at: null })
        .execute();
    });
  }

  async findByHash(tokenHash: string): Promise<PasswordResetRecord | undefined> {
    return this.db
      .selectFrom('password_resets')
      .select(['id', 'company_id', 'employee_id', 'expires_at', 'used_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /**
   * Uses the link (once: a concurrent second use finds it used) and sets the new password of the
   * still active employee. False when the link was used, replaced or has expired meanwhile.
   */
  async redeem(reset: PasswordResetRecord, passwordHash: string, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('id', '=', reset.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return false;
      const changed = await trx
        .updateTable('employees')
        .set({ password_hash: passwordHash, password_must_change: 0, updated_at: now })
        .where('company_id', '=', reset.company_id)
        .where('id', '=', reset.employee_id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(changed.numUpdatedRows) === 1;
    });
  }
}
