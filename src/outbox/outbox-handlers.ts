import type { Trx } from './outbox.repository.ts';

/** A claimed outbox row as handlers see it. */
export interface OutboxJob {
  id: number;
  companyId: number;
  interactionId: number | null;
  kind: string;
  payload: Record<string, unknown>;
  /** 1 on the first try. */
  attempt: number;
}

/** The final outcome of a job, given to its handler inside the transaction that records it. */
export type JobOutcome =
  | { status: 'sent'; at: number; detail?: string }
  | { status: 'skipped'; reason: string; at: number }
  | { status: 'failed'; bounced: boolean; reason: string; at: number };

/** Thrown by handlers: `permanent` failures are not retried; `bounced` means the recipient was refused. */
export class OutboxError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly bounced = false,
  ) {
    super(message);
  }
}

/** Work of one outbox `kind` (survey_email, employee_invite, webhooks...). */
export interface OutboxHandler {
  kind: string;
  /** Once per claimed batch of this kind, before `run` (e.g. to mint link tokens in one transaction). */
  prepare?(jobs: OutboxJob[]): Promise<void>;
  /** Does the work. Return 'skipped' with a reason when there is nothing to do; throw to fail or retry. */
  run(job: OutboxJob): Promise<{ skipped?: string; detail?: string } | void>;
  /**
   * Records the outcome in the same transaction that closes the outbox row. A handler that
   * writes an interaction, or a row referencing one, takes the company's sequence lock first
   * (allocateSequenceIds / lockSequence), the lock order of every other writer.
   */
  record?(trx: Trx, job: OutboxJob, outcome: JobOutcome): Promise<void>;
}

/** Handlers by kind: modules register theirs without touching the worker. */
export class OutboxHandlers {
  private readonly handlers = new Map<string, OutboxHandler>();

  register(handler: OutboxHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`an outbox handler for "${handler.kind}" is already registered`);
    this.handlers.set(handler.kind, handler);
  }

  get(kind: string): OutboxHandler | undefined {
    return this.handlers.get(kind);
  }

  /** Kinds with a handler: a worker only claims these, so rows of other kinds wait for a worker that has one. */
  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}
