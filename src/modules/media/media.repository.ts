import type { Kysely, Selectable } from 'kysely';
import type { Database, MediaTable } from '../../db/schema.ts';

export type MediaRow = Selectable<MediaTable>;

/** The `media` rows: what each stored image is and whose. */
export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: MediaRow): Promise<void> {
    await this.db.insertInto('media').values(row).execute();
  }

  /** An image by its key alone: keys are unguessable and served publicly (GET /media/:key). */
  async findByKey(key: string): Promise<MediaRow | undefined> {
    const row = await this.db.selectFrom('media').selectAll().where('key', '=', key).executeTakeFirst();
    return row && { ...row, company_id: Number(row.company_id), created_at: Number(row.created_at) };
  }

  /** Deletes the company's image of this key; false when the company has none. */
  async delete(companyId: number, key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('media').where('company_id', '=', companyId).where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
