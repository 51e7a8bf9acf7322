import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { PendingInteraction } from '../../src/modules/interactions/interaction-types.ts';
import { InteractionsRepository } from '../../src/modules/interactions/interactions.repository.ts';

/**
 * Stores `count` emailed feedback requests for the agent through the repository ingestion writes
 * with (interactions and their pending survey_email outbox rows), in batches: a backlog as
 * `count` POST /v1/requests would leave it, without the HTTP round trips.
 */
export async function seedEmailBacklog(db: Kysely<Database>, companyId: number, agent: { id: number; email: string }, brandId: number, count: number): Promise<void> {
  const repository = new InteractionsRepository(db);
  for (let i = 0; i < count; i += 1000) {
    const now = Date.now();
    const batch = Array.from({ length: Math.min(1000, count - i) }, (_, j): PendingInteraction => ({
      uuid: randomUUID(), company_id: companyId, is_test: 0, is_recovery: 0, parent_id: null, brand_id: brandId, channel: 'chat',
      employee_id: agent.id, team_leader_id: null, customer_email: `backlog-${companyId}-${i + j}@example.com`, customer_name: 'Simone',
      customer_custom_id: null, country: null, language: 'en', tags: '[]', custom_properties: null, ext_interaction_id: String(i + j),
      external_url: null, do_not_send: 0, requested_via: 'API', delivery_status: 'Pending', sent_at: null, response_received_at: null,
      reward_name: null, created_at: now, updated_at: now, idempotency: null, events: [],
      outbox: { kind: 'survey_email', payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null },
    }));
    await repository.insertBatch(batch);
  }
}

/** An HTTP server on loopback that accepts requests and never answers them (a hung webhook endpoint). */
export async function startHungServer() {
  const sockets = new Set<Socket>();
  let open = 0;
  const server = http.createServer((request) => {
    open++;
    request.on('close', () => open--);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Requests received and not yet given up by their sender. */
    open: () => open,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
