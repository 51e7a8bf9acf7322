// floor-server.ts's writer thread: group commit with raw better-sqlite3 statements (see there).
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const lockSequence = db.prepare('UPDATE company_sequences SET last_value = last_value WHERE company_id = ? RETURNING last_value').pluck();
const createSequence = db.prepare('INSERT INTO company_sequences (company_id, last_value) VALUES (?, 0)');
const storeSequence = db.prepare('UPDATE company_sequences SET last_value = ? WHERE company_id = ?');
const lastId = db.prepare('SELECT coalesce(max(id), 0) FROM interactions').pluck();
const insert = db.prepare(`
  INSERT INTO interactions (
    id, sequence_id, uuid, company_id, brand_id, channel, employee_id, customer_email, customer_name, customer_custom_id,
    country, language, tags, custom_properties, ext_interaction_id, external_url, do_not_send, delivery_status, created_at,
    updated_at, is_test, is_recovery, requested_via
  ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 'API')`);
/** The survey email of a request that is not do_not_send, as the app queues it. */
const insertOutbox = db.prepare(`
  INSERT INTO outbox (company_id, kind, interaction_id, payload, status, attempts, available_at, created_at)
  VALUES (?, 'survey_email', ?, '{}', 'pending', 0, ?, ?)`);
/** Position of do_not_send in a row (see floor-server.ts). */
const DO_NOT_SEND = 14;

/** One transaction for a batch of [id, row] pairs (all of one company), sequence ids as in DESIGN.md. */
const write = db.transaction((batch) => {
  const company = batch[0][1][1];
  let last = lockSequence.get(company);
  if (last === undefined) createSequence.run(company);
  last ??= 0;
  let id = lastId.get();
  const now = Date.now();
  for (const [, row] of batch) {
    id++;
    last = Math.max(last + 1, now * 10 + (id % 10));
    insert.run(id, last, ...row);
    if (row[DO_NOT_SEND] === 0) insertOutbox.run(company, id, now, now);
  }
  storeSequence.run(last, company);
});

let queue = [];
let scheduled = false;
parentPort.on('message', (items) => {
  for (const item of items) queue.push(item);
  if (!scheduled) {
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batch = queue;
      queue = [];
      write(batch);
      parentPort.postMessage(batch.map(([id]) => id));
    });
  }
});
