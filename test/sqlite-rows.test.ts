import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/database.ts';

// The SQLite layer itself, whichever database the rest of the suite runs on.
let db: Db;
let dir: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-rows-'));
  db = openDatabase(`sqlite:${path.join(dir, 'rows.db')}`);
  await sql`CREATE TABLE t (id integer primary key, name text, score real, data blob, note text)`.execute(db.kysely);
  await sql`INSERT INTO t (name, score, data, note) VALUES ('a', 1.5, x'0102', NULL), ('b', -2, NULL, 'β "quoted"')`.execute(db.kysely);
});
after(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite rows', () => {
  it('are plain objects with every column, as the driver would build them', async () => {
    const rows = await db.kysely.selectFrom('t' as never).selectAll().orderBy('id' as never).execute();
    assert.deepStrictEqual(rows, [
      { id: 1, name: 'a', score: 1.5, data: Buffer.from([1, 2]), note: null },
      { id: 2, name: 'b', score: -2, data: null, note: 'β "quoted"' },
    ]);
    assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
    assert.deepEqual(Object.keys(rows[1]), ['id', 'name', 'score', 'data', 'note']);
  });

  it('keep the last of repeated column names, and any column name', async () => {
    const { rows } = await sql<Record<string, unknown>>`SELECT 1 AS x, 2 AS x, 3 AS "odd ""name""; --", 4 AS "constructor"`.execute(db.kysely);
    assert.deepStrictEqual(rows, [{ x: 2, 'odd "name"; --': 3, constructor: 4 }]);
  });

  it('come back from RETURNING, and writes still report their changes', async () => {
    const inserted = await db.kysely.insertInto('t' as never).values({ name: 'c' } as never).returning(['id', 'name'] as never).execute();
    assert.deepStrictEqual(inserted, [{ id: 3, name: 'c' }]);
    const deleted = await db.kysely.deleteFrom('t' as never).where('id' as never, '=', 3 as never).executeTakeFirst();
    assert.equal(deleted.numDeletedRows, 1n);
  });

  it('stream one by one', async () => {
    const names: unknown[] = [];
    for await (const row of db.kysely.selectFrom('t' as never).select('name' as never).orderBy('id' as never).stream()) names.push(row);
    assert.deepStrictEqual(names, [{ name: 'a' }, { name: 'b' }]);
  });
});
