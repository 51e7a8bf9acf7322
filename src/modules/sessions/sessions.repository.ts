import type { Kysely } from 'kysely';
import type { Database, EmployeeRow, SessionRow } from '../../db/schema.ts';

export interface NewSession {
  tokenHash: string;
  now: number;
  expiresAt: number;
  userAgent: string | null;
}

/** A session with the employee it belongs to. */
export interface SessionWithEmployee {
  session: SessionRow;
  employee: EmployeeRow;
}

/** A possible sign-in: an active employee with a password, and their company's subdomain. */
export type LoginCandidate = EmployeeRow & { subdomain: string };

/**
 * Web app sessions. Every query takes the company id first, except the two that come before the
 * company is known: the session of a cookie's token, and the accounts an email may sign in to.
 */
export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(companyId: number, employeeId: number, session: NewSession): Promise<SessionRow> {
    return this.db
      .insertInto('sessions')
      .values({
        company_id: companyId,
        employee_id: employeeId,
        token_hash: session.tokenHash,
        created_at: session.now,
        last_seen_at: session.now,
        expires_at: session.expiresAt,
        user_agent: session.userAgent,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The session whose token hashes to `tokenHash`, with its employee (any company). */
  async findByTokenHash(tokenHash: string): Promise<SessionWithEmployee | undefined> {
    const session = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!session) return undefined;
    const employee = await this.db
      .selectFrom('employees')
      .selectAll()
      .where('company_id', '=', session.company_id)
      .where('id', '=', session.employee_id)
      .executeTakeFirst();
    return employee ? { session, employee } : undefined;
  }

  /** Active employees with a password and this email, in every company (or only `subdomain`'s). */
  async findLoginCandidates(email: string, subdomain?: string): Promise<LoginCandidate[]> {
    let query = this.db
      .selectFrom('employees')
      .innerJoin('companies', 'companies.id', 'employees.company_id')
      .selectAll('employees')
      .select('companies.subdomain')
      .where('employees.email_key', '=', email.trim().toLowerCase())
      .where('employees.status', '=', 'active')
      .where('employees.password_hash', 'is not', null);
    if (subdomain !== undefined) query = query.where('companies.subdomain', '=', subdomain.trim().toLowerCase());
    return query.orderBy('employees.company_id').execute();
  }

  async touch(companyId: number, id: number, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('company_id', '=', companyId).where('id', '=', id).execute();
  }

  async listForEmployee(companyId: number, employeeId: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('employee_id', '=', employeeId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Deletes one session of the employee; false when they have none of this id. */
  async delete(companyId: number, employeeId: number, id: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('company_id', '=', companyId)
      .where('employee_id', '=', employeeId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes the sessions of every company that ended before `now` or were last seen before `idleSince`. */
  async purgeEnded(now: number, idleSince: number): Promise<void> {
    await this.db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)])).execute();
  }

  /** Deletes every session of the employee. */
  async deleteAllOf(companyId: number, employeeId: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('company_id', '=', companyId).where('employee_id', '=', employeeId).execute();
  }
}
