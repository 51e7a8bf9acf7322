import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresDialect,
  PostgresIntrospector,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Kysely,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's PostgreSQL introspector lists the tables of every schema in the database and calls
 * has_schema_privilege() and pg_get_serial_sequence() on each by name, so a schema that another
 * session drops during the scan fails the query with `schema "..." does not exist`. The migrator
 * asks it on every start whether its bookkeeping tables exist; with several deployments (or test
 * files) sharing one database, one dropping its schema made another's start fail.
 */
class SearchPathIntrospector extends PostgresIntrospector {
  constructor(private readonly database: Kysely<unknown>) {
    super(database);
  }

  /** Tables and views of the schemas on the connection's search_path, names only (no columns). */
  override async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      SELECT c.relname AS name, ns.nspname AS schema, c.relkind AS kind
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'v', 'p') AND ns.nspname = ANY (current_schemas(false))
      ORDER BY ns.nspname, c.relname`.execute(this.database);
    const internal = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE];
    return rows
      .filter((row) => options.withInternalKyselyTables || !internal.includes(row.name))
      .map((row) => ({ name: row.name, schema: row.schema, isView: row.kind === 'v', columns: [] }));
  }
}

/** PostgresDialect whose introspection stays inside the connection's search_path. */
export class SearchPathPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}
