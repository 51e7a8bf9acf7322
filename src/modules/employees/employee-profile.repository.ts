import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What an employee shows customers beyond their name: their uploaded photo and title. */
export class EmployeeProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(companyId: number, employeeId: number): Promise<{ photo_key: string | null; title: string | null } | undefined> {
    return this.db.selectFrom('employees').select(['photo_key', 'title']).where('company_id', '=', companyId).where('id', '=', employeeId).executeTakeFirst();
  }

  /** The id of the employee of this email (any case) or custom id. */
  async idOf(companyId: number, ref: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('employees')
      .select('id')
      .where('company_id', '=', companyId)
      .where((eb) => eb.or([eb('email_key', '=', ref.trim().toLowerCase()), eb('custom_id', '=', ref)]))
      .orderBy('id')
      .executeTakeFirst();
    return row?.id;
  }

  /** Sets the photo; answers the key it replaces (null: none), or undefined when the company has no such employee. */
  async replacePhoto(companyId: number, employeeId: number, photoKey: string | null, now: number): Promise<string | null | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('employees').select('photo_key').where('company_id', '=', companyId).where('id', '=', employeeId).executeTakeFirst();
      if (!current) return undefined;
      await trx.updateTable('employees').set({ photo_key: photoKey, updated_at: now }).where('company_id', '=', companyId).where('id', '=', employeeId).execute();
      return current.photo_key;
    });
  }

  /** false when the company has no such employee. */
  async setTitle(companyId: number, employeeId: number, title: string | null, now: number): Promise<boolean> {
    const result = await this.db.updateTable('employees').set({ title, updated_at: now }).where('company_id', '=', companyId).where('id', '=', employeeId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
