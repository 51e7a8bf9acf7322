import { INTERACTION_COLUMNS } from '../../db/schema.ts';
import { AppError, RequestValidationError, UnprocessableError } from '../../lib/errors.ts';
import type { Company } from '../companies/companies.repository.ts';
import type { PendingInteraction } from '../interactions/interaction-types.ts';
import type { IntakeEndpoint } from './request-intake.ts';

/** The columns a pending interaction carries: all but the two assigned when it is written. */
const CARRIED = INTERACTION_COLUMNS.filter((column) => column !== 'id' && column !== 'sequence_id');

/**
 * One insert as posted to the SQLite writer thread: its id, its column values in CARRIED order,
 * then the outbox row, idempotency claim and webhook events. Copying between threads writes an
 * object's keys with every object: as arrays the same values took half the time to serialise and
 * deserialise (2.6 against 5.1 µs per interaction).
 */
export type WriterSubmission = [
  id: number,
  values: unknown[],
  outbox: PendingInteraction['outbox'],
  idempotency: PendingInteraction['idempotency'],
  events: PendingInteraction['events'],
];

/**
 * A request body for the thread to read, validate and store (RequestIntake). The company is sent
 * the first time this thread is given that object (the credential cache makes a new one when
 * the company changes), so the thread always checks against what the event loop would use.
 */
export type IntakeSubmission = [
  id: number,
  endpoint: IntakeEndpoint,
  companyId: number,
  testOnly: boolean,
  text: string | undefined,
  idempotencyKey: string | null,
  company: Company | null,
];

/** What the event loop posts to the writer thread in one message. */
export type WriterMessage = { rows: WriterSubmission[]; intakes: IntakeSubmission[] } | 'forget-employees';

/** What the writer thread answers after a batch (flat triples and pairs, for the same reason). */
export interface WriterReply {
  /** [submission id, row id, sequence_id] per stored insert. */
  stored: number[];
  /** [submission id, request_id] per stored intake. */
  created: (number | string)[];
  failed: Failure[];
  /** Size and duration in seconds of each transaction. */
  batches: [size: number, seconds: number][];
}

/** A refused or failed submission: the client's error (status and messages) or a server fault (500). */
type Failure = [id: number, statusCode: number, messages: string[]];

export function encodeFailure(id: number, error: unknown): Failure {
  if (error instanceof AppError) return [id, error.statusCode, error.errors];
  return [id, 500, [error instanceof Error ? error.message : String(error)]];
}

/** The error a failure stands for, of the class the HTTP layer answers it by. */
export function decodeFailure([, statusCode, messages]: Failure): Error {
  if (statusCode === 500) return new Error(messages[0]);
  if (statusCode === 400) return new RequestValidationError(messages);
  if (statusCode === 422) return new UnprocessableError(messages);
  return new AppError(statusCode, messages.join('; '), messages);
}

export function encodeSubmission(id: number, item: PendingInteraction): WriterSubmission {
  return [id, CARRIED.map((column) => item[column as keyof PendingInteraction] ?? null), item.outbox, item.idempotency, item.events];
}

export function decodeSubmission([, values, outbox, idempotency, events]: WriterSubmission): PendingInteraction {
  const item = { outbox, idempotency, events } as PendingInteraction;
  CARRIED.forEach((column, i) => ((item as Record<string, unknown>)[column] = values[i]));
  return item;
}
