import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { CI_POSTGRES_URL } from './helpers/database.ts';

// Regression: "Migration failed: schema test_<pid>_<hex> does not exist" on the PostgreSQL CI run.
// Kysely's introspector scanned every schema of the database, so one test file dropping its
// schema failed another file's migration. Runs on PostgreSQL always, in a database of its own
// so that the schemas it drops cannot disturb anyone else.
const base = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : CI_POSTGRES_URL;
const name = `churn_${process.pid}_${randomBytes(4).toString('hex')}`;
const url = new URL(base);
url.pathname = `/${name}`;

async function admin(query: string) {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

before(() => admin(`CREATE DATABASE ${name}`));
after(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('PostgreSQL schemas of other tenants come and go', () => {
  it('migrates while other sessions create and drop their schemas', async () => {
    let stop = false;
    let churned = 0;
    const churn = async (n: number) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      for (let i = 0; !stop; i++, churned++) {
        const schema = `other_${n}_${i}`;
        await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id serial PRIMARY KEY); CREATE TABLE ${schema}.u (id serial PRIMARY KEY)`);
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
      }
      await client.end();
    };
    const churners = [churn(1), churn(2)];
    const failures: string[] = [];
    let checks = 0;
    try {
      const deadline = Date.now() + 4_000;
      for (let i = 0; Date.now() < deadline || checks < 50; i++) {
        const schema = `mine_${i}`;
        const own = new URL(url);
        own.searchParams.set('options', `-c search_path=${schema}`);
        const db = openDatabase(own.toString(), { poolSize: 2 });
        try {
          await db.kysely.schema.createSchema(schema).execute();
          if (i % 10 === 0) await migrateToLatest(db);
          for (let k = 0; k < 10; k++, checks++) await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
        } catch (error) {
          failures.push((error as Error).message);
        } finally {
          await db.close();
        }
      }
    } finally {
      stop = true;
      await Promise.all(churners);
    }
    assert.ok(churned > 20, `only ${churned} schemas were dropped meanwhile`);
    assert.deepEqual(failures, [], `${failures.length} of ${checks} checks failed`);
  });
});
