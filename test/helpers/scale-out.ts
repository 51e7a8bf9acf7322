import assert from 'node:assert/strict';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { signJwt } from './jwt.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET a data-return route of a server process with the company's key and a fresh JWT. */
export async function fetchData(baseUrl: string, company: CompanyCredentials, path: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret) } });
}

/** POST /v1/requests to a server process; returns the request_id. */
export async function postRequest(baseUrl: string, apiKey: string, body: unknown): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/requests`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).request_id;
}

/**
 * A data-return consumer: pages /v2/data with `after` = the last sequence_id seen, taking
 * turns between server processes, and keeps the latest copy of every interaction. It
 * checks that sequence_ids only grow, and waits out a 429 as a well-behaved client does.
 */
export class FeedReader {
  readonly copies = new Map<string, Record<string, unknown>>();
  after = 0;
  requests = 0;
  throttled = 0;

  constructor(
    private readonly urls: string[],
    private readonly company: CompanyCredentials,
  ) {}

  /** Reads one page; returns how many interactions it held. */
  async poll(): Promise<number> {
    const base = this.urls[this.requests++ % this.urls.length];
    const response = await fetchData(base, this.company, `/v2/data?after=${this.after}`);
    if (response.status === 429) {
      this.throttled++;
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
      return 0;
    }
    assert.equal(response.status, 200, await response.clone().text());
    const page = (await response.json()) as { uuid: string; sequence_id: number }[];
    for (const item of page) {
      assert.ok(item.sequence_id > this.after, `sequence_id ${item.sequence_id} after ${this.after}: not strictly increasing`);
      this.after = item.sequence_id;
      this.copies.set(item.uuid, item);
    }
    return page.length;
  }

  /** The whole feed from the start in one page (waiting out a 429), keyed by uuid. */
  async snapshot(): Promise<Map<string, Record<string, unknown>>> {
    for (;;) {
      const response = await fetchData(this.urls[0], this.company, '/v2/data?after=0');
      if (response.status === 429) {
        await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      assert.equal(response.status, 200);
      const page = (await response.json()) as { uuid: string }[];
      return new Map(page.map((item) => [item.uuid, item]));
    }
  }

  /** Polls until two consecutive pages are empty. */
  async catchUp(): Promise<void> {
    let empty = 0;
    while (empty < 2) {
      empty = (await this.poll()) === 0 ? empty + 1 : 0;
      await sleep(200);
    }
  }
}

/** Message-ID and recipients of a raw message. */
export function envelopeOf(mail: { raw: string; envelopeTo: string[] }): { messageId: string; to: string[] } {
  const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(mail.raw)?.[1] ?? '';
  return { messageId, to: mail.envelopeTo };
}

/** Values that occur more than once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.has(value) || !seen.add(value)))];
}
