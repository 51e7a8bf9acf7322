import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';

const Status = Type.Object({ status: Type.String() }, { additionalProperties: false });

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { tags: ['Health'], summary: 'The process is alive', response: { 200: Status } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['Health'], summary: 'The database is reachable', response: { 200: Status, 503: Status } } },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(app.services.db.kysely);
      } catch {
        return reply.status(503).send({ status: 'database unreachable' });
      }
      const full = app.services.db.storage?.problem();
      if (full) return reply.status(503).send({ status: `storage full: ${full}` });
      return { status: 'ready' };
    },
  );
}
