import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/database.ts';
import type { StorageHealth } from '../../db/storage-health.ts';
import type { BatchObserver } from '../../lib/telemetry.ts';
import type { Scope } from '../access/scope.ts';
import type { Company } from '../companies/companies.repository.ts';
import { batchingWriter } from '../interactions/batching-writer.ts';
import type { InteractionWriter, PendingInteraction, StoredInteraction } from '../interactions/interaction-types.ts';
import { InteractionsRepository } from '../interactions/interactions.repository.ts';
import type { Created, IntakeEndpoint, RequestIntake } from './request-intake.ts';
import { decodeFailure, encodeSubmission, type IntakeSubmission, type WriterMessage, type WriterReply, type WriterSubmission } from './writer-messages.ts';

/** The writer POST /v1/requests and /v1/recoveries store through. */
export interface RequestWriter extends InteractionWriter {
  /** Where request bodies are read when not by the event loop's RequestsService (on SQLite, the writer thread). */
  readonly intake?: RequestIntake;
  /** Employees changed: drop what the writer's own intake remembers of them. */
  forgetEmployees(): void;
}

/**
 * On PostgreSQL the pool writes directly. On SQLite the group commit runs on a worker thread
 * with its own connection: the event loop keeps serving requests while a batch is made
 * durable, and the next batch starts as soon as the last one committed, not when the event
 * loop gets round to the answer. The thread is also the request intake there: it parses,
 * validates and builds POST /v1/requests and /v1/recoveries rows itself, work that would
 * otherwise fall on the event loop, the limit of ingestion.
 */
export function createInteractionWriter(db: Db, databaseUrl: string, observer?: BatchObserver): RequestWriter {
  if (db.dialect === 'postgres' || databaseUrl === 'sqlite::memory:') return { ...batchingWriter(new InteractionsRepository(db.kysely), observer), forgetEmployees: () => {} };
  return new SqliteWriterThread(databaseUrl, observer, db.storage);
}

interface Waiting {
  /** The request_id of an insert; null for an intake, whose id the thread assigns. */
  uuid: string | null;
  resolve: (value: StoredInteraction | Created) => void;
  reject: (error: Error) => void;
}

/** One writer thread and the inserts given to it: a thread that stops fails only its own. */
interface WriterThread {
  worker: Worker;
  ready: Promise<void>;
  waiting: Map<number, Waiting>;
  /** Inserts and intakes of this turn of the event loop, posted to the thread together. */
  outgoing: { rows: WriterSubmission[]; intakes: IntakeSubmission[] };
  /** Company objects this thread has been given (see IntakeSubmission). */
  companies: WeakSet<Company>;
}

class SqliteWriterThread implements RequestWriter, RequestIntake {
  readonly intake: RequestIntake = this;

  private current: WriterThread | null = null;
  private nextId = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly observer?: BatchObserver,
    private readonly storage?: StorageHealth,
  ) {
    observer?.watchQueue(() => this.current?.waiting.size ?? 0);
  }

  insert(item: PendingInteraction): Promise<StoredInteraction> {
    return this.send<StoredInteraction>(item.uuid, (writer, id) => writer.outgoing.rows.push(encodeSubmission(id, item)));
  }

  submit(endpoint: IntakeEndpoint, { company, testOnly }: Scope, text: string | undefined, idempotencyKey: string | undefined): Promise<Created> {
    return this.send<Created>(null, (writer, id) => {
      const isNew = !writer.companies.has(company);
      if (isNew) writer.companies.add(company);
      writer.outgoing.intakes.push([id, endpoint, company.id, testOnly, text, idempotencyKey ?? null, isNew ? company : null]);
    });
  }

  forgetEmployees(): void {
    this.current?.worker.postMessage('forget-employees' satisfies WriterMessage);
  }

  /** Queues a submission for the thread, answered when its reply comes back. */
  private send<T extends StoredInteraction | Created>(uuid: string | null, queue: (writer: WriterThread, id: number) => void): Promise<T> {
    const writer = this.thread();
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      writer.waiting.set(id, { uuid, resolve: resolve as Waiting['resolve'], reject });
      const { rows, intakes } = writer.outgoing;
      if (rows.length + intakes.length === 0) setImmediate(() => post(writer));
      queue(writer, id);
    });
  }

  async start(): Promise<void> {
    await this.thread().ready;
  }

  async close(): Promise<void> {
    const writer = this.current;
    this.current = null;
    if (writer) await writer.worker.terminate();
  }

  private answer(writer: WriterThread, reply: WriterReply): void {
    const { stored, created } = reply;
    for (let i = 0; i < stored.length; i += 3) {
      const waiting = writer.waiting.get(stored[i]);
      waiting?.resolve({ id: stored[i + 1], uuid: waiting.uuid!, sequence_id: stored[i + 2] });
      writer.waiting.delete(stored[i]);
    }
    for (let i = 0; i < created.length; i += 2) {
      const id = created[i] as number;
      writer.waiting.get(id)?.resolve({ request_id: created[i + 1] as string });
      writer.waiting.delete(id);
    }
    if (stored.length > 0 || created.length > 0) this.storage?.succeeded();
    for (const failure of reply.failed) {
      const error = decodeFailure(failure);
      if (failure[1] === 500) this.storage?.failed(error);
      writer.waiting.get(failure[0])?.reject(error);
      writer.waiting.delete(failure[0]);
    }
    for (const [size, seconds] of reply.batches) this.observer?.batch(size, seconds);
  }

  /** The thread, started on first use (CLI commands never start one) and again after a crash. */
  private thread(): WriterThread {
    if (this.current) return this.current;
    // No inherited node options: the entry registers the TypeScript loader itself, and a second
    // registration (a parent started with `--import tsx`, as the tests are) can deadlock module loading.
    const worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), { workerData: { databaseUrl: this.databaseUrl }, execArgv: [] });
    let started: () => void;
    let failed: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
    // A start that fails is reported by start() or by the inserts waiting on it, never unhandled.
    ready.catch(() => {});
    const writer: WriterThread = { worker, ready, waiting: new Map(), outgoing: { rows: [], intakes: [] }, companies: new WeakSet() };
    worker.on('message', (reply: WriterReply | 'ready') => (reply === 'ready' ? started() : this.answer(writer, reply)));
    const failAll = (error: Error) => {
      failed(error);
      if (this.current === writer) this.current = null;
      for (const waiting of writer.waiting.values()) waiting.reject(error);
      writer.waiting.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('the SQLite writer thread stopped')));
    this.current = writer;
    return writer;
  }
}

function post(writer: WriterThread): void {
  const message: WriterMessage = writer.outgoing;
  writer.outgoing = { rows: [], intakes: [] };
  writer.worker.postMessage(message);
}
