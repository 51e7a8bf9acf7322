import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.ts';
import { WalSync } from '../../db/wal-sync.ts';
import { InteractionsRepository, type PendingInteraction } from './interactions.repository.ts';

const { databaseUrl } = workerData as { databaseUrl: string };
// Commits skip the per-transaction flush; WalSync flushes groups of them before they are acknowledged.
const db = openDatabase(databaseUrl, { synchronous: 'NORMAL' });
const repository = new InteractionsRepository(db.kysely);
const wal = new WalSync(databaseUrl.slice('sqlite:'.length));

parentPort!.on('message', async ({ id, items }: { id: number; items: PendingInteraction[] }) => {
  try {
    const result = await repository.insertBatch(items);
    if (result.length > 0) await wal.sync();
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
