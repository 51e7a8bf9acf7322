import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'integrations', 'intercom');

/** A fixture of test/fixtures/integrations/intercom, parsed. */
export function intercomFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

/** A request the simulator received. */
export interface IntercomApiCall {
  path: string;
  authorization: string | undefined;
  version: string | undefined;
  status: number;
}

/**
 * A local HTTP server speaking the part of Intercom's REST API the connection reads:
 * `GET /contacts/{id}` and `GET /admins/{id}`, bearer-token authentication, Intercom's error
 * list for unknown ids and bad tokens, and a switch to answer 503 to the next requests.
 */
export interface IntercomApi {
  url: string;
  token: string;
  contacts: Map<string, Record<string, unknown>>;
  admins: Map<string, Record<string, unknown>>;
  calls: IntercomApiCall[];
  /** The next `count` requests are answered 503 (as when Intercom is down). */
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startIntercomApi(token = 'dG9rOmludGVyY29tLXRlc3QtdG9rZW4='): Promise<IntercomApi> {
  let failures = 0;
  const api: IntercomApi = {
    url: '',
    token,
    contacts: new Map(),
    admins: new Map(),
    calls: [],
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const answer = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const errors = (code: string, message: string) => ({ type: 'error.list', request_id: `req-${api.calls.length}`, errors: [{ code, message }] });
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const call: IntercomApiCall = { path: url.pathname, authorization: request.headers.authorization, version: request.headers['intercom-version'] as string | undefined, status: 0 };
    api.calls.push(call);
    const reply = (status: number, body: unknown) => {
      call.status = status;
      answer(response, status, body);
    };
    if (failures > 0) {
      failures--;
      return reply(503, errors('service_unavailable', 'Sorry, the API service is temporarily unavailable'));
    }
    if (request.headers.authorization !== `Bearer ${api.token}`) return reply(401, errors('unauthorized', 'Access Token Invalid'));
    const match = /^\/(contacts|admins)\/([^/]+)$/.exec(url.pathname);
    if (request.method !== 'GET' || !match) return reply(404, errors('not_found', 'Resource Not Found'));
    const id = decodeURIComponent(match[2]);
    const found = (match[1] === 'contacts' ? api.contacts : api.admins).get(id);
    if (!found) return reply(404, errors('not_found', match[1] === 'contacts' ? 'User Not Found' : 'Admin not found'));
    reply(200, found);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
