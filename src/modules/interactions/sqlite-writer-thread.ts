import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.ts';
import { InteractionsRepository, type PendingInteraction } from './interactions.repository.ts';

const db = openDatabase((workerData as { databaseUrl: string }).databaseUrl);
const repository = new InteractionsRepository(db.kysely);

parentPort!.on('message', async ({ id, items }: { id: number; items: PendingInteraction[] }) => {
  try {
    parentPort!.postMessage({ id, result: await repository.insertBatch(items) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
