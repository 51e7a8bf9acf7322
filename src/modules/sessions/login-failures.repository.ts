import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type ThrottleKind = 'account' | 'address';

/** Failed sign-ins by account (email, across companies) and by client address; shared by every process. */
export class LoginFailuresRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** When the newest `limit` failures of `subject` since `since` happened, newest first. */
  async recent(kind: ThrottleKind, subject: string, since: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select('failed_at')
      .where('kind', '=', kind)
      .where('subject', '=', subject)
      .where('failed_at', '>', since)
      .orderBy('failed_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => Number(row.failed_at));
  }

  /** Records a failure and forgets every failure (of any subject) older than `forgetBefore`. */
  async record(kind: ThrottleKind, subject: string, now: number, forgetBefore: number): Promise<void> {
    await this.db.insertInto('login_failures').values({ kind, subject, failed_at: now }).execute();
    await this.db.deleteFrom('login_failures').where('failed_at', '<=', forgetBefore).execute();
  }

  async clear(kind: ThrottleKind, subject: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('kind', '=', kind).where('subject', '=', subject).execute();
  }
}
