import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from './database.ts';
import { WalSync } from './wal-sync.ts';

let dir: string;
let file: string;
let db: Db;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-sync-'));
  file = path.join(dir, 'test.db');
  db = openDatabase(`sqlite:${file}`, { synchronous: 'NORMAL' });
  await db.kysely.schema.createTable('t').addColumn('v', 'integer').execute();
});
after(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('WalSync', () => {
  it('flushes the WAL file with fdatasync and answers every caller', async () => {
    const wal = new WalSync(file);
    try {
      const answered = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          await db.kysely.insertInto('t' as never).values({ v: i } as never).execute();
          await wal.sync();
          return i;
        }),
      );
      assert.equal(answered.length, 20);
      assert.ok(fs.statSync(`${file}-wal`).size > 0, 'the commits went to the WAL');
    } finally {
      wal.close();
    }
  });

  it('never answers a caller with a flush that started before it called, and shares the next one', async () => {
    const started: { fd: number; finish: () => void }[] = [];
    const wal = new WalSync(file, (fd) => new Promise<void>((resolve) => started.push({ fd, finish: resolve })));
    try {
      const order: string[] = [];
      const first = wal.sync().then(() => order.push('first'));
      assert.equal(started.length, 1);
      // Both arrive while the first flush runs: neither may be answered by it.
      const second = wal.sync().then(() => order.push('second'));
      const third = wal.sync().then(() => order.push('third'));
      assert.equal(started.length, 1, 'the waiting callers share one queued flush');
      started[0].finish();
      await first;
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(order, ['first'], 'the later callers wait for a flush of their own');
      assert.equal(started.length, 2);
      started[1].finish();
      await Promise.all([second, third]);
      assert.deepEqual(order, ['first', 'second', 'third']);
      assert.equal(started[0].fd, started[1].fd);
    } finally {
      wal.close();
    }
  });
});
