import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One GET the simulated helpdesk API received. */
export interface SimRequest {
  path: string;
  authorization: string | undefined;
  status: number;
}

/**
 * A local HTTP server that speaks a helpdesk's read API: GET paths answered with JSON resources,
 * the credentials checked (401 otherwise), and able to answer 503 to the first `failNext` requests
 * (a helpdesk that is down).
 */
export interface JsonApiSim {
  url: string;
  requests: SimRequest[];
  /** JSON resources by path (without query string); change them freely. */
  resources: Map<string, unknown>;
  /** Answer 503 to this many next requests. */
  failNext: number;
  close(): Promise<void>;
}

export async function startJsonApiSim(expectedAuthorization: string, resources: Record<string, unknown>): Promise<JsonApiSim> {
  const sim: JsonApiSim = { url: '', requests: [], resources: new Map(Object.entries(resources)), failNext: 0, close: async () => {} };
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const answer = (status: number, body: unknown) => {
      sim.requests.push({ path, authorization: request.headers.authorization, status });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return answer(405, { errors: [{ title: 'method not allowed' }] });
    if (sim.failNext > 0) {
      sim.failNext -= 1;
      return answer(503, { errors: [{ title: 'service unavailable' }] });
    }
    if (request.headers.authorization !== expectedAuthorization) return answer(401, { errors: [{ title: 'unauthorized' }] });
    const resource = sim.resources.get(path);
    if (resource === undefined) return answer(404, { errors: [{ title: 'not found' }] });
    answer(200, resource);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sim.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sim;
}
