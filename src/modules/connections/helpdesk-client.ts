import http from 'node:http';
import https from 'node:https';
import { ADDRESS_NOT_ALLOWED, privateTargetProblem, publicOnlyLookup } from '../webhooks/webhook-target.ts';

/** A lookup that failed: `transient` ones (timeouts, 429, 5xx, network) are retried later; others are final. */
export class LookupError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** Reads a helpdesk's API: GET a path under the connection's API base, answered as JSON. */
export interface HelpdeskClient {
  /** `path` starts with `/` and may carry a query string; throws LookupError. */
  getJson(path: string): Promise<unknown>;
}

export interface LookupPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: lookups follow the rule webhooks follow. */
  allowPrivateNetworks: boolean;
  /** INTEGRATION_LOOKUP_TIMEOUT_MS. */
  timeoutMs: number;
}

const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

/** A client for one connection: its API base, its authentication headers, the installation's policy. */
export function createHelpdeskClient(apiBase: string, headers: Record<string, string>, policy: LookupPolicy): HelpdeskClient {
  const base = apiBase.replace(/\/+$/, '');
  return {
    getJson: (path) => getJson(new URL(base + path), headers, policy),
  };
}

function getJson(url: URL, headers: Record<string, string>, policy: LookupPolicy): Promise<unknown> {
  if (!policy.allowPrivateNetworks && privateTargetProblem(url)) return Promise.reject(new LookupError(ADDRESS_NOT_ALLOWED, false));
  const where = `GET ${url.pathname}`;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'GET', headers: { accept: 'application/json', 'user-agent': 'agent-connect-integrations/1', ...headers }, lookup: policy.allowPrivateNetworks ? undefined : publicOnlyLookup },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new LookupError(`${where}: answer larger than 5 MB`, false));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          if (status === 429 || status >= 500) return reject(new LookupError(`${where} answered ${status}`, true));
          if (status < 200 || status >= 300) return reject(new LookupError(`${where} answered ${status}${status === 401 || status === 403 ? ' (check the API user and token)' : ''}`, false));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new LookupError(`${where} did not answer JSON`, false));
          }
        });
        response.on('error', (error) => reject(error instanceof LookupError ? error : new LookupError(`${where}: ${error.message}`, true)));
      },
    );
    const deadline = setTimeout(() => request.destroy(new LookupError(`${where}: no answer within ${policy.timeoutMs / 1000} s`, true)), policy.timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('error', (error) => {
      if (error instanceof LookupError) return reject(error);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPRIVATEADDRESS') return reject(new LookupError(ADDRESS_NOT_ALLOWED, false));
      reject(new LookupError(`${where}: ${code ?? 'connection failed'}`, true));
    });
    request.end();
  });
}
