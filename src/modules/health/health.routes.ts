import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';

const Status = Type.Object({ status: Type.String() }, { additionalProperties: false });

/** A readiness probe answers within this long, whatever the database or Redis does. */
const PROBE_TIMEOUT_MS = 2_000;

/** Whether `check` succeeds within PROBE_TIMEOUT_MS. */
async function answers(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { tags: ['Health'], summary: 'The process is alive', response: { 200: Status } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['Health'],
        summary: 'The database (and Redis, when REDIS_URL is set) is reachable, and storage is not full',
        description: 'Answers within 2 s: 503 `database unreachable` or `redis unreachable` when one does not answer in time, `storage full: ...` while SQLite writes fail for lack of space.',
        response: { 200: Status, 503: Status },
      },
    },
    async (_request, reply) => {
      if (!(await answers(() => sql`SELECT 1`.execute(app.services.db.kysely)))) return reply.status(503).send({ status: 'database unreachable' });
      const redis = app.hasDecorator('redisPing') ? app.redisPing : null;
      if (redis && !(await answers(redis))) return reply.status(503).send({ status: 'redis unreachable' });
      const full = app.services.db.storage?.problem();
      if (full) return reply.status(503).send({ status: `storage full: ${full}` });
      return { status: 'ready' };
    },
  );
}
