import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/database.ts';
import { InteractionsRepository, type PendingInteraction, type StoredInteraction } from './interactions.repository.ts';

/** Writes batches of new interactions (with their outbox rows) in one transaction each. */
export interface InteractionWriter {
  insertBatch(items: PendingInteraction[]): Promise<StoredInteraction[]>;
  /** Gets ready to write (starts the writer thread), so the first request does not wait for it. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * On PostgreSQL the pool writes directly. On SQLite the write transaction (and its
 * fsync) runs on a worker thread with its own connection, so the event loop keeps
 * serving requests while a batch is made durable.
 */
export function createInteractionWriter(db: Db, databaseUrl: string): InteractionWriter {
  const repository = new InteractionsRepository(db.kysely);
  if (db.dialect === 'postgres' || databaseUrl === 'sqlite::memory:') {
    return { insertBatch: (items) => repository.insertBatch(items), start: async () => {}, close: async () => {} };
  }
  return new SqliteWriterThread(databaseUrl);
}

interface Reply {
  id: number;
  result?: StoredInteraction[];
  error?: string;
}

class SqliteWriterThread implements InteractionWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (rows: StoredInteraction[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly databaseUrl: string) {}

  insertBatch(items: PendingInteraction[]): Promise<StoredInteraction[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread().postMessage({ id, items });
    });
  }

  async start(): Promise<void> {
    await this.insertBatch([]);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  /** The worker, started on first use (CLI commands never start one) and again after a crash. */
  private thread(): Worker {
    if (this.worker) return this.worker;
    // No inherited node options: the entry registers the TypeScript loader itself, and a second
    // registration (a parent started with `--import tsx`, as the tests are) can deadlock module loading.
    const worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), { workerData: { databaseUrl: this.databaseUrl }, execArgv: [] });
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.result!);
    });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('the SQLite writer thread stopped')));
    this.worker = worker;
    return worker;
  }
}
