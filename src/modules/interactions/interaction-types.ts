import type { NewInteraction, NewOutboxRow } from '../../db/schema.ts';
import type { WebhookEvent } from '../webhooks/webhook-events.ts';

/** An interaction ready to store; id and sequence_id are assigned when it is written. */
export type PendingInteraction = Omit<NewInteraction, 'id' | 'sequence_id'> & {
  /** Outbox work written in the same transaction (the survey email), if any. */
  outbox: Omit<NewOutboxRow, 'company_id' | 'interaction_id'> | null;
  /** Idempotency-Key claimed by this request, stored in the same transaction. */
  idempotency: { key: string; hash: string } | null;
  /** Webhook events this write makes true (queued in the same transaction). */
  events: { type: WebhookEvent; data: Record<string, unknown> }[];
};

export interface StoredInteraction {
  id: number;
  uuid: string;
  sequence_id: number;
}

export interface InteractionWriter {
  insert(item: PendingInteraction): Promise<StoredInteraction>;
  /** Gets ready to write (starts the writer thread), so the first request does not wait for it. */
  start(): Promise<void>;
  close(): Promise<void>;
}
