import type { Connection } from './connection.types.ts';
import { ADAPTERS } from './adapters/index.ts';
import type { ConnectionEventRow } from './connections.repository.ts';
import type { ConnectionEventOut, ConnectionViewOut } from './connections.schemas.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** A refused or failed event whose body was kept: an admin can retry it once its cause is fixed. */
export function isRetryable(row: ConnectionEventRow): boolean {
  return (row.status === 'refused' || row.status === 'failed') && row.body !== null;
}

/** An event as the Connections page and `connection show` list it. */
export function eventView(row: ConnectionEventRow): ConnectionEventOut {
  return {
    id: row.id,
    event_key: row.event_key,
    event_type: row.event_type,
    status: row.status as ConnectionEventOut['status'],
    detail: row.detail,
    request_id: row.request_id,
    is_test: row.is_test === 1,
    retryable: isRetryable(row),
    deliveries: row.deliveries,
    attempts: row.attempts,
    received_at: iso(row.received_at),
    last_received_at: iso(row.last_received_at),
    processed_at: row.processed_at === null ? null : iso(row.processed_at),
  };
}

/** A connection as listed, with its last event (its secrets are never part of it). */
export function connectionView(connection: Connection, last: ConnectionEventRow | null, inboundUrl: string): ConnectionViewOut {
  return {
    id: connection.id,
    kind: connection.kind,
    label: ADAPTERS[connection.kind]?.label ?? connection.kind,
    name: connection.name,
    inbound_url: inboundUrl,
    api_base: connection.apiBase,
    api_user: connection.apiUser,
    has_api_token: connection.apiToken !== null,
    delay_minutes: connection.options.delay_minutes ?? null,
    channel: connection.options.channel ?? null,
    brand: connection.options.brand ?? null,
    language: connection.options.language ?? null,
    created_at: iso(connection.createdAt),
    last_event: last && eventView(last),
  };
}
