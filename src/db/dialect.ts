import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

/** True when the Kysely instance talks to PostgreSQL (used by migrations and dialect-specific SQL). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing 64-bit primary key on both back ends. */
export function idColumnType(db: Kysely<any>): 'bigserial' | 'integer' {
  return isPostgres(db) ? 'bigserial' : 'integer';
}

export function primaryKey(db: Kysely<any>) {
  return (col: ColumnDefinitionBuilder) => (isPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement());
}
