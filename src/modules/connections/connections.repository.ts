import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ConnectionEventsTable, ConnectionsTable, Database } from '../../db/schema.ts';
import { pendingOutboxRow } from '../../outbox/outbox.repository.ts';

export type ConnectionRow = Selectable<ConnectionsTable>;
export type ConnectionEventRow = Selectable<ConnectionEventsTable>;

/** Outbox kind of a connection event waiting for a lookup (or for its delay): its payload is `{event_id}`. */
export const CONNECTION_EVENT_OUTBOX_KIND = 'connection_event';

/** What can change on a connection (secrets sealed, options as JSON). */
export interface StoredSettings {
  name: string;
  apiBase: string | null;
  secrets: string | null;
  options: string;
}

export interface NewConnection extends StoredSettings {
  publicId: string;
  kind: string;
}

export interface NewConnectionEvent {
  connectionId: number;
  eventKey: string | null;
  eventType: string;
  status: string;
  detail: string | null;
  isTest: boolean;
  body: string | null;
  receivedAt: number;
}

/** PostgreSQL answers bigint columns as strings: ids are numbers here. */
function connectionRow(row: ConnectionRow): ConnectionRow {
  return { ...row, id: Number(row.id), company_id: Number(row.company_id), created_at: Number(row.created_at), updated_at: Number(row.updated_at) };
}

function eventRow(row: ConnectionEventRow): ConnectionEventRow {
  return {
    ...row,
    id: Number(row.id),
    company_id: Number(row.company_id),
    connection_id: Number(row.connection_id),
    is_test: Number(row.is_test),
    deliveries: Number(row.deliveries),
    attempts: Number(row.attempts),
    received_at: Number(row.received_at),
    last_received_at: Number(row.last_received_at),
    processed_at: row.processed_at === null ? null : Number(row.processed_at),
  };
}

/** True when a write broke a unique constraint (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Helpdesk connections and the events they received, one company at a time (but for `findByPublicId`). */
export class ConnectionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(companyId: number, connection: NewConnection): Promise<ConnectionRow> {
    const now = Date.now();
    const row = await this.db
      .insertInto('connections')
      .values({ company_id: companyId, public_id: connection.publicId, kind: connection.kind, name: connection.name, api_base: connection.apiBase, secrets: connection.secrets, options: connection.options, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return connectionRow(row);
  }

  /** False when the company has no such connection. */
  async updateSettings(companyId: number, id: number, settings: StoredSettings): Promise<boolean> {
    const result = await this.db
      .updateTable('connections')
      .set({ name: settings.name, api_base: settings.apiBase, secrets: settings.secrets, options: settings.options, updated_at: Date.now() })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async list(companyId: number): Promise<ConnectionRow[]> {
    const rows = await this.db.selectFrom('connections').selectAll().where('company_id', '=', companyId).orderBy('id').execute();
    return rows.map(connectionRow);
  }

  async find(companyId: number, id: number): Promise<ConnectionRow | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
    return row && connectionRow(row);
  }

  async findByName(companyId: number, name: string): Promise<ConnectionRow | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('company_id', '=', companyId).where('name', '=', name).executeTakeFirst();
    return row && connectionRow(row);
  }

  /** The connection an inbound URL names: not scoped, as the unguessable id is the capability. */
  async findByPublicId(publicId: string): Promise<ConnectionRow | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('public_id', '=', publicId).executeTakeFirst();
    return row && connectionRow(row);
  }

  /** Removes the connection and its events; false when the company has no such connection. */
  async remove(companyId: number, id: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('connection_events').where('company_id', '=', companyId).where('connection_id', '=', id).execute();
      const result = await trx.deleteFrom('connections').where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  /** Every connection of every company that has secrets (for `connection rekey`). */
  async allWithSecrets(): Promise<Pick<ConnectionRow, 'id' | 'company_id' | 'secrets'>[]> {
    const rows = await this.db.selectFrom('connections').select(['id', 'company_id', 'secrets']).where('secrets', 'is not', null).execute();
    return rows.map((row) => ({ ...row, id: Number(row.id), company_id: Number(row.company_id) }));
  }

  async setSecrets(companyId: number, id: number, secrets: string | null): Promise<void> {
    await this.db.updateTable('connections').set({ secrets, updated_at: Date.now() }).where('company_id', '=', companyId).where('id', '=', id).execute();
  }

  /** Every alert rule's sealed URL (for `connection rekey`). */
  async allAlertUrls(): Promise<{ id: number; company_id: number; url: string }[]> {
    const rows = await this.db.selectFrom('alert_rules').select(['id', 'company_id', 'url']).execute();
    return rows.map((row) => ({ ...row, id: Number(row.id), company_id: Number(row.company_id) }));
  }

  async setAlertUrl(companyId: number, id: number, url: string): Promise<void> {
    await this.db.updateTable('alert_rules').set({ url }).where('company_id', '=', companyId).where('id', '=', id).execute();
  }

  /**
   * Logs an event. With an event key another event already has, nothing is inserted and that
   * event is answered instead (`existing`: a redelivery, or a retry of one refused or failed).
   * A pending event gets, in the same transaction, an outbox row due at `recheckAt`: if this
   * process dies before the event is settled, the outbox picks it up (and finds nothing to do
   * when it was settled).
   */
  async insertEvent(companyId: number, event: NewConnectionEvent, recheckAt?: number): Promise<{ event: ConnectionEventRow; existing: boolean }> {
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('connection_events')
          .values({
            company_id: companyId,
            connection_id: event.connectionId,
            event_key: event.eventKey,
            event_type: event.eventType,
            status: event.status,
            detail: event.detail,
            request_id: null,
            is_test: event.isTest ? 1 : 0,
            body: event.body,
            deliveries: 1,
            attempts: 0,
            received_at: event.receivedAt,
            last_received_at: event.receivedAt,
            processed_at: event.status === 'pending' ? null : event.receivedAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (event.status === 'pending' && recheckAt !== undefined) {
          await trx.insertInto('outbox').values(pendingOutboxRow(companyId, CONNECTION_EVENT_OUTBOX_KIND, { event_id: Number(inserted.id) }, recheckAt)).execute();
        }
        return inserted;
      });
      return { event: eventRow(row), existing: false };
    } catch (error) {
      if (!isUniqueViolation(error) || event.eventKey === null) throw error;
      const row = await this.db
        .selectFrom('connection_events')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('connection_id', '=', event.connectionId)
        .where('event_key', '=', event.eventKey)
        .executeTakeFirst();
      if (!row) throw error;
      return { event: eventRow(row), existing: true };
    }
  }

  /** A redelivery: counted, nothing else changes. */
  async countDelivery(companyId: number, eventId: number, at: number): Promise<void> {
    await this.db
      .updateTable('connection_events')
      .set((eb) => ({ deliveries: eb('deliveries', '+', 1), last_received_at: at }))
      .where('company_id', '=', companyId)
      .where('id', '=', eventId)
      .execute();
  }

  /**
   * Logs an event refused before it could be read (a bad signature, a body that is not an event).
   * When the connection's newest event is the same refusal, it is counted there instead, so a
   * sender that keeps retrying (or someone posting junk to the URL) adds one row, not thousands.
   */
  async logRejection(companyId: number, event: Omit<NewConnectionEvent, 'eventKey' | 'body' | 'isTest'>): Promise<void> {
    const newest = await this.db
      .selectFrom('connection_events')
      .select(['id', 'status', 'detail', 'event_key'])
      .where('company_id', '=', companyId)
      .where('connection_id', '=', event.connectionId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest && newest.event_key === null && newest.status === event.status && newest.detail === event.detail) {
      return this.countDelivery(companyId, Number(newest.id), event.receivedAt);
    }
    await this.insertEvent(companyId, { ...event, eventKey: null, body: null, isTest: false });
  }

  /**
   * Changes an event. Only from `fromStatuses` when given (so that of two processes retrying one
   * event, one takes it): true when it was updated.
   */
  async updateEvent(companyId: number, eventId: number, changes: Updateable<ConnectionEventsTable>, fromStatuses?: string[]): Promise<boolean> {
    return this.update(this.db, companyId, eventId, changes, fromStatuses);
  }

  /** Makes a settled event pending again (a redelivery of one refused or failed) with an outbox row due at `dueAt`, in one transaction. */
  async reopenEvent(companyId: number, eventId: number, changes: Updateable<ConnectionEventsTable>, fromStatuses: string[], dueAt: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.update(trx, companyId, eventId, { ...changes, status: 'pending' }, fromStatuses))) return false;
      await trx.insertInto('outbox').values(pendingOutboxRow(companyId, CONNECTION_EVENT_OUTBOX_KIND, { event_id: eventId }, dueAt)).execute();
      return true;
    });
  }

  private async update(db: Kysely<Database>, companyId: number, eventId: number, changes: Updateable<ConnectionEventsTable>, fromStatuses?: string[]): Promise<boolean> {
    let query = db.updateTable('connection_events').set(changes).where('company_id', '=', companyId).where('id', '=', eventId);
    if (fromStatuses) query = query.where('status', 'in', fromStatuses);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addAttempt(companyId: number, eventId: number): Promise<void> {
    await this.db
      .updateTable('connection_events')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('company_id', '=', companyId)
      .where('id', '=', eventId)
      .execute();
  }

  /** Marks the event pending (body kept) and queues its retry through the outbox at `availableAt`, together. */
  async deferEvent(companyId: number, eventId: number, changes: Updateable<ConnectionEventsTable>, availableAt: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('connection_events').set({ ...changes, status: 'pending' }).where('company_id', '=', companyId).where('id', '=', eventId).execute();
      await trx.insertInto('outbox').values(pendingOutboxRow(companyId, CONNECTION_EVENT_OUTBOX_KIND, { event_id: eventId }, availableAt)).execute();
    });
  }

  async findEvent(companyId: number, eventId: number): Promise<ConnectionEventRow | undefined> {
    const row = await this.db.selectFrom('connection_events').selectAll().where('company_id', '=', companyId).where('id', '=', eventId).executeTakeFirst();
    return row && eventRow(row);
  }

  /** A connection's events, most recently received first. */
  async events(companyId: number, connectionId: number, limit: number): Promise<ConnectionEventRow[]> {
    const rows = await this.db
      .selectFrom('connection_events')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('connection_id', '=', connectionId)
      .orderBy('last_received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(eventRow);
  }

  /** The last event of each of the company's connections. */
  async lastEvents(companyId: number): Promise<Map<number, ConnectionEventRow>> {
    const rows = await this.db
      .selectFrom('connection_events as e')
      .selectAll('e')
      .where('e.company_id', '=', companyId)
      .where('e.id', 'in', (eb) =>
        eb.selectFrom('connection_events').select((s) => s.fn.max('id').as('id')).where('company_id', '=', companyId).groupBy('connection_id'),
      )
      .execute();
    return new Map(rows.map((row) => [Number(row.connection_id), eventRow(row)]));
  }
}
