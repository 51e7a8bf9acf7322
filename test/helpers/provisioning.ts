import { readFileSync } from 'node:fs';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { signJwt } from './jwt.ts';
import type { TestContext } from './test-app.ts';

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: { method: string; url: string | { raw: string }; header?: { key: string; value: string }[]; body?: { raw?: string } };
}

export interface SeedRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query as written, with `:id` left in place. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const collection = JSON.parse(readFileSync(new URL('../fixtures/agent-connect.postman_collection.json', import.meta.url), 'utf8')) as { item: PostmanItem[] };

function findItem(items: PostmanItem[], name: string): PostmanItem | undefined {
  for (const item of items) {
    if (item.request && item.name === name) return item;
    const found = item.item && findItem(item.item, name);
    if (found) return found;
  }
  return undefined;
}

/** A request of the seed collection by name, exactly as written there. */
export function seedRequest(name: string): SeedRequest {
  const item = findItem(collection.item, name);
  if (!item?.request) throw new Error(`no request "${name}" in the seed collection`);
  const { request } = item;
  const raw = typeof request.url === 'string' ? request.url : request.url.raw;
  const url = new URL(raw.replace('{{subdomain}}', 'subdomain'));
  const headers = Object.fromEntries((request.header ?? []).map((h) => [h.key, h.value]));
  return { method: request.method as SeedRequest['method'], path: `${url.pathname}${url.search}`, headers, body: request.body?.raw };
}

/** Sends a seed request with the placeholders filled in: the credentials and the `:id`. */
export async function sendSeed(ctx: TestContext, company: CompanyCredentials, name: string, id?: string) {
  const seed = seedRequest(name);
  const token = await signJwt(company.api_secret);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(seed.headers)) {
    headers[key] = value.replace('[insert your token here]', token).replace('[insert your API key here]', company.api_key);
  }
  const url = id === undefined ? seed.path : seed.path.replace(':id', encodeURIComponent(id));
  return ctx.app.inject({ method: seed.method, url, headers, payload: seed.body });
}

/** A valid create body with unique email and custom id. */
export function employeeBody(suffix: string, overrides: Record<string, unknown> = {}) {
  return {
    email: `agent.${suffix}@example.com`,
    custom_employee_id: `emp-${suffix}`,
    first_name: 'Jane',
    last_name: `Doe ${suffix}`,
    ...overrides,
  };
}
