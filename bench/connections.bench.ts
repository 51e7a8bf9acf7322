// A helpdesk event through a generic connection (POST /inbound/<id>: verified, logged with its
// outbox recheck, mapped, then made into a request) against the same request sent to
// POST /v1/requests, alternated on one server, on each database.
import fs from 'node:fs';
import autocannon from 'autocannon';
import { benchDatabases, freshDatabase, machineLoad, runCli, startServer, type BenchRow } from './support.ts';

const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MAPPING = {
  'customer.email': '/ticket/requester/email',
  'employee.email': '/ticket/assignee/email',
  ext_interaction_id: '/ticket/id',
  channel: '/ticket/via',
  brand: { const: 'blancapeak' },
};
let sent = 0;

/** The same request as a helpdesk event and as a POST /v1/requests body; every one a new ticket and customer. */
function bodies() {
  const n = sent++;
  const email = `customer${n}@example.com`;
  return {
    event: JSON.stringify({ ticket: { id: `T-${n}`, via: 'Email', requester: { email }, assignee: { email: 'samantha@blancapeak.com' } } }),
    request: JSON.stringify({ customer: { email }, employee: { email: 'samantha@blancapeak.com' }, channel: 'email', brand: 'blancapeak', ext_interaction_id: `T-${n}` }),
  };
}

async function load(url: string, headers: Record<string, string>, which: 'event' | 'request', duration = SECONDS) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies()[which] }) }],
  });
  return { rate: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors + result.timeouts };
}

export default async function connectionsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of await benchDatabases()) {
    const database = await freshDatabase(kind);
    const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'warn', OUTBOX_WORKER: 'false' };
    const company = JSON.parse(await runCli(['company', 'create', '--name', 'Bench', '--subdomain', 'bench', '--brand', 'blancapeak', '--brand', 'blancakids', '--json'], env));
    await runCli(['employee', 'add', '--company', 'bench', '--email', 'samantha@blancapeak.com', '--first-name', 'Samantha', '--json'], env);
    const mappingFile = `${database.dataDir}/mapping.json`;
    fs.writeFileSync(mappingFile, JSON.stringify(MAPPING));
    const connection = JSON.parse(await runCli(['connection', 'add', '--company', 'bench', '--kind', 'generic', '--name', 'Bench', '--mapping', mappingFile, '--json'], env));
    const server = await startServer(env);
    const inbound = `${server.url}${new URL(connection.inbound_url).pathname}`;
    const eventHeaders = { 'x-agent-connect-secret': connection.signing_secret as string };
    const apiHeaders = { 'x-api-key': company.api_key as string };
    const machine = machineLoad();
    const totals = { event: { rate: 0, p99: 0, non2xx: 0 }, request: { rate: 0, p99: 0, non2xx: 0 } };
    try {
      await load(`${server.url}/v1/requests`, apiHeaders, 'request', 3);
      await load(inbound, eventHeaders, 'event', 3);
      for (let round = 0; round < ROUNDS; round++) {
        const request = await load(`${server.url}/v1/requests`, apiHeaders, 'request');
        const event = await load(inbound, eventHeaders, 'event');
        for (const [which, measured] of [['request', request], ['event', event]] as const) {
          totals[which].rate += measured.rate / ROUNDS;
          totals[which].p99 = Math.max(totals[which].p99, measured.p99);
          totals[which].non2xx += measured.non2xx;
        }
        process.stderr.write(`${kind} round ${round + 1}: POST /v1/requests ${request.rate.toFixed(0)}/s, inbound events ${event.rate.toFixed(0)}/s (ratio ${(event.rate / request.rate).toFixed(2)}), p99 ${event.p99} ms, non-2xx ${event.non2xx + request.non2xx}\n`);
      }
    } finally {
      await server.stop();
      await database.drop();
    }
    const ratio = totals.event.rate / totals.request.rate;
    if (totals.event.non2xx > 0) process.stderr.write(`${kind}: ${totals.event.non2xx} inbound events were not answered 2xx\n`);
    rows.push({
      benchmark: `generic connection event, new ticket each (${CONNECTIONS} conn); ${machine.describe()}`,
      database: kind,
      measure: `events/s (p99 ${totals.event.p99} ms, non-2xx ${totals.event.non2xx})`,
      value: totals.event.rate.toFixed(0),
      baseline: `${totals.request.rate.toFixed(0)} (POST /v1/requests, same server)`,
      ratio,
      target: 'reported',
    });
  }
  return rows;
}
