import { CompiledQuery, type Kysely, type Transaction, type Updateable } from 'kysely';
import { isPostgres } from '../../db/dialect.ts';
import { INTERACTION_COLUMNS, type Database, type InteractionRow, type InteractionsTable, type NewInteraction } from '../../db/schema.ts';
import { allocateSequenceIds, lockSequence, nextSequenceId, reserveIds, storeSequence } from '../../db/sequence.ts';
import { applyDeliveryGate } from './delivery-gate.ts';
import { WebhooksRepository } from '../webhooks/webhooks.repository.ts';
import type { PendingInteraction, StoredInteraction } from './interaction-types.ts';

/** Columns an update may change; identity, tenant and sequence are not among them. */
export type InteractionChanges = Omit<Updateable<InteractionsTable>, 'id' | 'uuid' | 'company_id' | 'sequence_id' | 'is_test'>;

export class InteractionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Applies `changes` to an interaction and re-stamps its sequence_id (and updated_at), so
   * data-return consumers paging with `after` see the update. Call it inside the writing
   * transaction, before that transaction's other statements (it takes the company's
   * sequence lock, which on SQLite is the write lock). Returns the new sequence_id, or
   * null when the company has no such interaction.
   */
  async touch(trx: Transaction<Database>, companyId: number, id: number, changes: InteractionChanges = {}): Promise<number | null> {
    const [sequenceId] = await allocateSequenceIds(trx, companyId, [id]);
    const result = await trx
      .updateTable('interactions')
      .set({ ...changes, sequence_id: sequenceId, updated_at: Date.now() })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? sequenceId : null;
  }

  /**
   * Writes interactions (of any companies) and their outbox rows in one transaction.
   * Sequence counters are locked in company-id order so concurrent batches cannot deadlock.
   */
  async insertBatch(pending: PendingInteraction[]): Promise<StoredInteraction[]> {
    if (pending.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const companyIds = [...new Set(pending.map((p) => p.company_id))].sort((a, b) => a - b);
      // Taking the counter locks first also takes SQLite's write lock before any read.
      const counters = new Map<number, number | undefined>();
      for (const companyId of companyIds) counters.set(companyId, await lockSequence(trx, companyId));
      await applyDeliveryGate(trx, pending);
      const ids = await reserveIds(trx, 'interactions', pending.length);
      const now = Date.now();
      const last = new Map([...counters].map(([companyId, value]) => [companyId, value ?? 0]));
      const sequenceIds = pending.map((p, i) => {
        const next = nextSequenceId(last.get(p.company_id)!, now, ids[i]);
        last.set(p.company_id, next);
        return next;
      });
      for (const companyId of companyIds) await storeSequence(trx, companyId, counters.get(companyId), last.get(companyId)!);
      await insertInteractions(trx, pending, ids, sequenceIds);
      const outboxRows = pending.flatMap((p, i) =>
        p.outbox ? [{ ...p.outbox, company_id: p.company_id, interaction_id: ids[i] }] : [],
      );
      if (outboxRows.length > 0) await trx.insertInto('outbox').values(outboxRows).execute();
      const keys = pending.flatMap((p) =>
        p.idempotency
          ? [{ company_id: p.company_id, idempotency_key: p.idempotency.key, request_hash: p.idempotency.hash, request_id: p.uuid, created_at: p.created_at }]
          : [],
      );
      if (keys.length > 0) await trx.insertInto('idempotency_keys').values(keys).execute();
      const webhooks = new WebhooksRepository(trx);
      for (const p of pending) {
        for (const event of p.events) await webhooks.enqueue(trx, p.company_id, event.type, event.data, p.is_test === 1);
      }
      return pending.map((p, i) => ({ id: ids[i], uuid: p.uuid, sequence_id: sequenceIds[i] }));
    });
  }

  async findByUuid(companyId: number, uuid: string): Promise<InteractionRow | undefined> {
    return this.db
      .selectFrom('interactions')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('uuid', '=', uuid.toLowerCase())
      .executeTakeFirst();
  }

  /** The most recent feedback request (not a recovery) carrying this external interaction id. */
  async findLatestRequestByExtId(companyId: number, isTest: boolean, extInteractionId: string): Promise<InteractionRow | undefined> {
    return this.db
      .selectFrom('interactions')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('ext_interaction_id', '=', extInteractionId)
      .where('is_test', '=', isTest ? 1 : 0)
      .where('is_recovery', '=', 0)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }
}

/** INSERT text by dialect and row count, compiled once. */
const insertTexts = new Map<string, string>();

/**
 * One multi-row INSERT whose text Kysely compiles once per row count; later batches of that size
 * only bind new parameters, read straight from the pending rows in INTERACTION_COLUMNS order
 * (building and compiling a 28-column insert per batch cost more than SQLite spent storing it).
 */
async function insertInteractions(trx: Transaction<Database>, pending: PendingInteraction[], ids: number[], sequenceIds: number[]): Promise<void> {
  const parameters: unknown[] = [];
  pending.forEach((p, i) => {
    for (const column of INTERACTION_COLUMNS) {
      parameters.push(column === 'id' ? ids[i] : column === 'sequence_id' ? sequenceIds[i] : (p[column] ?? null));
    }
  });
  const key = `${isPostgres(trx) ? 'pg' : 'sqlite'}:${pending.length}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const placeholder = Object.fromEntries(INTERACTION_COLUMNS.map((column) => [column, null])) as unknown as NewInteraction;
    text = trx.insertInto('interactions').values(pending.map(() => placeholder)).compile().sql;
    insertTexts.set(key, text);
  }
  await trx.executeQuery(CompiledQuery.raw(text, parameters));
}
