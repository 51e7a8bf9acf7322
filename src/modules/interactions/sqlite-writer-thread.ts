import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { Batcher } from '../../lib/batcher.ts';
import { InteractionsRepository, type PendingInteraction } from './interactions.repository.ts';
import { decodeSubmission, recordStored, type WriterReply, type WriterSubmission } from './writer-messages.ts';

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
    reply = { stored: [], failed: [], batches: written.splice(0) };
    queueMicrotask(() => {
      parentPort!.postMessage(reply);
      reply = null;
    });
  }
  return reply;
}

// The group commit runs here: inserts that arrive while a transaction commits go into the next.
const writer = new Batcher((items: PendingInteraction[]) => repository.insertBatch(items), undefined, {
  batch: (size, seconds) => void written.push([size, seconds]),
  watchQueue: () => {},
});

parentPort!.on('message', (submissions: WriterSubmission[]) => {
  for (const submission of submissions) {
    const id = submission[0];
    writer.submit(decodeSubmission(submission)).then(
      (stored) => recordStored(answer(), id, stored),
      (error: unknown) => void answer().failed.push([id, error instanceof Error ? error.message : String(error)]),
    );
  }
});
parentPort!.postMessage('ready');
