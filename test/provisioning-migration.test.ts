import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import * as core from '../src/db/migrations/001-core.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let database: TestDatabase;
let db: Db;
before(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url);
});
after(async () => {
  await db.close();
  await database.drop();
});

describe('migration 030-provisioning on an existing database', () => {
  it('gives existing companies the default roles and existing employees the new defaults', async () => {
    const migrationTableSchema = db.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0].s : undefined;
    const before = new Migrator({ db: db.kysely, provider: { getMigrations: async () => ({ '001-core': core }) }, migrationTableSchema });
    assert.equal((await before.migrateToLatest()).error, undefined);
    const now = Date.now();
    const company = await db.kysely
      .insertInto('companies')
      .values({ name: 'Old Co', subdomain: 'oldco', test_email: null, channels: '["phone"]', languages: '["en"]', settings: '{}', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO employees (company_id, email, email_key, status, role, manage_team, created_at, updated_at)
      VALUES (${company.id}, 'old@example.com', 'old@example.com', 'active', 'Team Member [Default]', 0, ${now}, ${now})`.execute(db.kysely);

    await migrateToLatest(db);

    const roles = await db.kysely.selectFrom('roles').select(['name', 'capabilities']).where('company_id', '=', company.id).orderBy('id').execute();
    assert.deepEqual(roles.map((r) => r.name), ['Team Member [Default]', 'Team Leader', 'QA Reviewer', 'Admin']);
    assert.deepEqual(JSON.parse(roles[3].capabilities), ['admin', 'can_review', 'can_coach', 'can_audit', 'can_calibrate']);
    const employee = await db.kysely.selectFrom('employees').selectAll().where('company_id', '=', company.id).executeTakeFirstOrThrow();
    assert.equal(employee.license_type, 'standard');
    assert.deepEqual(JSON.parse(employee.channels), ['phone', 'chat', 'email']);
    assert.deepEqual(JSON.parse(employee.permissions), []);
    assert.equal(employee.password_must_change, 0);
    assert.equal(employee.password_hash, null);
  });
});
