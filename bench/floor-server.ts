// The durable floor of the SQLite ingestion path: the same HTTP stack and the same durable group
// commit into the same table, with everything else taken out. An API-key check against a hash,
// no validation, no employee or brand lookup (the ids are read once at start), no unsubscribe or
// suppression check, no metrics or logging; rows are posted as arrays to a writer thread that
// inserts them (and, unless do_not_send, the survey email's outbox row, as the app does) with raw
// better-sqlite3 statements in one WAL transaction with synchronous=FULL and answers after commit.
import { hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { uuidv7 } from '../src/lib/uuid.ts';

const file = process.env.FLOOR_DATABASE!;
const ids = (() => {
  const db = new SQLite(file, { readonly: true });
  const company = db.prepare("SELECT id FROM companies WHERE subdomain = 'bench'").get() as { id: number };
  const brand = db.prepare('SELECT id FROM brands WHERE company_id = ? ORDER BY id DESC').get(company.id) as { id: number };
  const employee = db.prepare('SELECT id FROM employees WHERE company_id = ?').get(company.id) as { id: number };
  db.close();
  return { company: company.id, brand: brand.id, employee: employee.id };
})();
const keyHash = hash('sha256', process.env.FLOOR_API_KEY!, 'hex');

const writer = new Worker(new URL('./floor-writer.mjs', import.meta.url), { workerData: { file } });
const waiting = new Map<number, () => void>();
let outgoing: unknown[][] = [];
let nextId = 0;
writer.on('message', (done: number[]) => {
  for (const id of done) {
    waiting.get(id)!();
    waiting.delete(id);
  }
});

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.post('/v1/requests', async (request, reply) => {
  if (hash('sha256', String(request.headers['x-api-key']), 'hex') !== keyHash) return reply.code(403).send({ error: 'Forbidden' });
  const body = request.body as Record<string, any>;
  // Time-ordered like the app's request ids, so consecutive rows share the uuid index's last page.
  const uuid = uuidv7();
  const now = Date.now();
  // In the order of floor-writer.mjs's INSERT.
  const row = [
    uuid, ids.company, ids.brand, body.channel, ids.employee, body.customer?.email ?? null, body.customer?.name ?? null,
    body.customer?.custom_id ?? null, body.country ?? null, body.language ?? 'en', JSON.stringify(body.tags ?? []),
    body.custom_properties ? JSON.stringify(body.custom_properties) : null, body.ext_interaction_id ?? null, body.external_url ?? null,
    body.do_not_send ? 1 : 0, body.do_not_send ? 'Do Not Send' : 'Pending', now, now,
  ];
  const id = nextId++;
  await new Promise<void>((resolve) => {
    waiting.set(id, resolve);
    if (outgoing.push([id, row]) === 1) {
      setImmediate(() => {
        writer.postMessage(outgoing);
        outgoing = [];
      });
    }
  });
  return { request_id: uuid };
});
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
