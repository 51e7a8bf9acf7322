import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { EmailEvent } from './email-event.types.ts';

type Tx = Transaction<Database> | Kysely<Database>;

/** Why an address gets no more surveys from a company. */
export type SuppressionReason = 'customer' | 'bounce' | 'complaint';

/** Survey email references, received delivery events, suppressions and seen webhook tokens. */
export class EmailEventsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** The survey email a reference names. */
  async findRef(ref: string): Promise<{ companyId: number; interactionId: number } | null> {
    const row = await this.db.selectFrom('surveys').select(['company_id', 'interaction_id']).where('email_ref', '=', ref).executeTakeFirst();
    return row ? { companyId: Number(row.company_id), interactionId: Number(row.interaction_id) } : null;
  }

  /** Stores the event; false when this provider's event was stored before (a redelivery). */
  async record(trx: Tx, companyId: number, interactionId: number, event: EmailEvent): Promise<boolean> {
    const row = await trx
      .insertInto('email_events')
      .values({
        company_id: companyId,
        interaction_id: interactionId,
        provider: event.provider,
        event_key: event.eventKey.slice(0, 200),
        kind: event.kind,
        detail: event.detail.slice(0, 500),
        created_at: Date.now(),
      })
      .onConflict((oc) => oc.columns(['provider', 'event_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async countSoftBounces(trx: Tx, companyId: number, interactionId: number): Promise<number> {
    const row = await trx
      .selectFrom('email_events')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('company_id', '=', companyId)
      .where('interaction_id', '=', interactionId)
      .where('kind', '=', 'soft_bounce')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A company's events for one interaction, oldest first (what support reads). */
  async list(companyId: number, interactionId: number) {
    return this.db
      .selectFrom('email_events')
      .select(['provider', 'kind', 'detail', 'created_at'])
      .where('company_id', '=', companyId)
      .where('interaction_id', '=', interactionId)
      .orderBy('id')
      .execute();
  }

  /** Puts the address on the company's list; an address already there keeps its first reason. */
  async suppress(trx: Tx, companyId: number, emailKey: string, interactionId: number, reason: SuppressionReason): Promise<void> {
    await trx
      .insertInto('unsubscribes')
      .values({ company_id: companyId, email_key: emailKey, interaction_id: interactionId, created_at: Date.now(), reason })
      .onConflict((oc) => oc.columns(['company_id', 'email_key']).doNothing())
      .execute();
  }

  /** Whether this provider's webhook token was accepted before (a replay). */
  async tokenSeen(provider: string, token: string): Promise<boolean> {
    const row = await this.db.selectFrom('email_event_tokens').select('token').where('provider', '=', provider).where('token', '=', token).executeTakeFirst();
    return row !== undefined;
  }

  /** Remembers an accepted webhook token; tokens older than `keepMs` are forgotten (their timestamps are refused as stale anyway). */
  async rememberToken(provider: string, token: string, keepMs: number): Promise<void> {
    const now = Date.now();
    await this.db.deleteFrom('email_event_tokens').where('provider', '=', provider).where('created_at', '<', now - keepMs).execute();
    await this.db
      .insertInto('email_event_tokens')
      .values({ provider, token, created_at: now })
      .onConflict((oc) => oc.columns(['provider', 'token']).doNothing())
      .execute();
  }
}
