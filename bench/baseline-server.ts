// The ingestion baseline: a bare Fastify route that parses the same JSON body and returns a UUID, storing nothing.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.post('/v1/requests', async (request) => {
  if (typeof request.body !== 'object' || request.body === null) throw new Error('body must be an object');
  return { request_id: randomUUID() };
});
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
