import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../sessions/session-auth.ts';
import type { Subscriber } from './stream-hub.ts';
import type { StreamCriteria } from '../stream.repository.ts';
import type { StreamFilter } from '../stream.schemas.ts';
import type { Scope } from '../../access/scope.ts';
import type { ActiveSession } from '../../sessions/sessions.service.ts';

export interface SseDependencies {
  /** Re-reads the session of this token (null: it has ended). */
  authenticate(token: string): Promise<ActiveSession | null>;
  criteria(scope: Scope, filter: StreamFilter): Promise<StreamCriteria>;
}

/** The reconnecting browser's Last-Event-ID (a sequence id), or undefined. */
export function lastEventId(request: FastifyRequest): number | undefined {
  const given = request.headers['last-event-id'];
  const text = Array.isArray(given) ? given[0] : given;
  return text !== undefined && /^\d{1,18}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/**
 * Takes over the response and makes it a Server-Sent Events stream: `event: card`, `id: <sequence_id>`,
 * `data: <card JSON>` per response; a comment line as heartbeat. The headers the app's hooks set
 * (security headers, request id) are kept.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply, start: { scope: Scope; criteria: StreamCriteria; cursor: number; filter: StreamFilter }, deps: SseDependencies): Subscriber {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 2000\n\n');
  const token = request.cookies[SESSION_COOKIE] ?? '';
  let closed = false;
  const subscriber: Subscriber = {
    companyId: start.scope.company.id,
    scope: start.scope,
    criteria: start.criteria,
    cursor: start.cursor,
    send: (card) => {
      if (!closed) raw.write(`event: card\nid: ${card.sequence_id}\ndata: ${JSON.stringify(card)}\n\n`);
    },
    heartbeat: () => {
      if (!closed) raw.write(': heartbeat\n\n');
    },
    stillSignedIn: async () => {
      const active = await deps.authenticate(token);
      if (!active) return false;
      // The scope may have changed (a new team member): the filters are applied to the new one.
      try {
        subscriber.criteria = await deps.criteria(active.scope, start.filter);
        subscriber.scope = active.scope;
        return true;
      } catch {
        return false;
      }
    },
    close: () => {
      if (closed) return;
      closed = true;
      raw.end();
    },
  };
  return subscriber;
}
