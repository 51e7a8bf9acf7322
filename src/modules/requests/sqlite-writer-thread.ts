import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { apiKeyScope } from '../access/scope.ts';
import type { Company } from '../companies/companies.repository.ts';
import { EmployeeLookup } from '../employees/employee-lookup.ts';
import { EmployeesRepository } from '../employees/employees.repository.ts';
import { batchingWriter } from '../interactions/batching-writer.ts';
import { InteractionsRepository } from '../interactions/interactions.repository.ts';
import { IdempotencyRepository } from './idempotency.ts';
import { RequestsService } from './requests.service.ts';
import { decodeSubmission, encodeFailure, type WriterMessage, type WriterReply } from './writer-messages.ts';

const db = openDatabase((workerData as { databaseUrl: string }).databaseUrl);
// A batch's multi-row INSERT keeps a statement journal (to undo just that statement); past 64 KB
// SQLite spills it to a temporary file, created and deleted per batch. This connection writes
// nothing larger than a batch, so its temporary files stay in memory.
await sql`PRAGMA temp_store = MEMORY`.execute(db.kysely);
const repository = new InteractionsRepository(db.kysely);
/** Transactions written since the last reply: [size, seconds]. */
const written: [number, number][] = [];
let reply: WriterReply | null = null;

/**
 * The reply being collected. Callers of one batch are answered in one message: the batch resolves
 * all its callers at once, and the post is queued behind their callbacks.
 */
function answer(): WriterReply {
  if (!reply) {
    reply = { stored: [], created: [], failed: [], batches: written.splice(0) };
    queueMicrotask(() => {
      parentPort!.postMessage(reply);
      reply = null;
    });
  }
  return reply;
}

// The group commit runs here: inserts that arrive while a transaction commits go into the next.
const writer = batchingWriter(repository, { batch: (size, seconds) => void written.push([size, seconds]), watchQueue: () => {} });

// The request intake on this thread, reading from this connection, storing through this writer.
const employees = new EmployeeLookup(new EmployeesRepository(db.kysely));
const intake = new RequestsService(employees, repository, new IdempotencyRepository(db.kysely), writer);
/** The latest company object the event loop sent, by id. */
const companies = new Map<number, Company>();

parentPort!.on('message', (message: WriterMessage) => {
  if (message === 'forget-employees') return employees.clear();
  for (const submission of message.rows) {
    const id = submission[0];
    writer.insert(decodeSubmission(submission)).then(
      (stored) => void answer().stored.push(id, stored.id, stored.sequence_id),
      (error: unknown) => void answer().failed.push(encodeFailure(id, error)),
    );
  }
  for (const [id, endpoint, companyId, testOnly, text, idempotencyKey, company] of message.intakes) {
    if (company) companies.set(companyId, company);
    intake.submit(endpoint, apiKeyScope(companies.get(companyId)!, testOnly ? 'test' : 'production'), text, idempotencyKey ?? undefined).then(
      (created) => void answer().created.push(id, created.request_id),
      (error: unknown) => void answer().failed.push(encodeFailure(id, error)),
    );
  }
});
parentPort!.postMessage('ready');
