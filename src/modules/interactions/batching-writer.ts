import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { Batcher } from '../../lib/batcher.ts';
import type { BatchObserver } from '../../lib/telemetry.ts';
import type { InteractionWriter, PendingInteraction } from './interaction-types.ts';
import type { InteractionsRepository } from './interactions.repository.ts';

/**
 * Stores new interactions (with their outbox rows) by group commit: inserts that arrive while a
 * transaction is being written share the next one, and each is answered once its transaction
 * has committed. Writes through `repository` on this thread (the pool on PostgreSQL, the writer
 * thread's own connection on SQLite).
 */
export function batchingWriter(repository: InteractionsRepository, observer?: BatchObserver): InteractionWriter {
  // A batch that lost the database is not written again item by item: its commit may have
  // happened unseen, and the database is likely still away. Its callers get 503 and may retry.
  const batcher = new Batcher((items: PendingInteraction[]) => repository.insertBatch(items), undefined, observer, (error) => !isDatabaseUnavailable(error));
  return { insert: (item) => batcher.submit(item), start: async () => {}, close: async () => {} };
}
