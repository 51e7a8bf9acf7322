import { INTERACTION_COLUMNS } from '../../db/schema.ts';
import type { PendingInteraction, StoredInteraction } from './interactions.repository.ts';

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

/** What the writer thread answers after a batch (flat triples and pairs, for the same reason). */
export interface WriterReply {
  /** [submission id, row id, sequence_id] per stored insert. */
  stored: number[];
  failed: [id: number, message: string][];
  /** Size and duration in seconds of each transaction. */
  batches: [size: number, seconds: number][];
}

export function encodeSubmission(id: number, item: PendingInteraction): WriterSubmission {
  return [id, CARRIED.map((column) => item[column as keyof PendingInteraction] ?? null), item.outbox, item.idempotency, item.events];
}

export function decodeSubmission([, values, outbox, idempotency, events]: WriterSubmission): PendingInteraction {
  const item = { outbox, idempotency, events } as PendingInteraction;
  CARRIED.forEach((column, i) => ((item as Record<string, unknown>)[column] = values[i]));
  return item;
}

/** Adds a stored insert to a reply. */
export function recordStored(reply: WriterReply, id: number, stored: StoredInteraction): void {
  reply.stored.push(id, stored.id, stored.sequence_id);
}
