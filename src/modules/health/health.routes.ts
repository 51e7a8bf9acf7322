import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { jsonResponse } from '../../plugins/error-schemas.ts';
import { named, ref } from '../../plugins/named-schemas.ts';

const Status = named('HealthStatus', Type.Object({ status: Type.String({ description: 'ok, ready, or what is unavailable' }) }, { additionalProperties: false, description: 'The state of the process' }));
/** Probes read no parameters and refuse nothing themselves; Node's HTTP server still refuses a request it cannot read. */
const unreadable = {
  '4XX': { type: 'null', description: 'The request could not be read: malformed (400), headers not received in time (408) or too large (431). Answered by the HTTP server, without a body.' },
};
/** Probes need no credentials. */
const security: Record<string, string[]>[] = [];

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

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['Health'],
        summary: 'The process is alive',
        description: 'Answers 200 as long as the process serves requests, whatever its database does: a liveness probe.',
        security,
        response: { 200: jsonResponse('The process is alive', ref(Status), { example: { status: 'ok' } }), ...unreadable },
      },
    },
    async () => ({
      status: 'ok',
    }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['Health'],
        security,
        summary: 'The database (and Redis, when REDIS_URL is set) is reachable, and storage is not full',
        description: 'Answers within 2 s: 503 `database unreachable` or `redis unreachable` when one does not answer in time, `storage full: ...` while SQLite writes fail for lack of space.',
        response: {
          200: jsonResponse('Ready to serve', ref(Status), { example: { status: 'ready' } }),
          503: jsonResponse('Not ready: the status names what is unavailable', ref(Status), { example: { status: 'database unreachable' } }),
          ...unreadable,
        },
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
};
