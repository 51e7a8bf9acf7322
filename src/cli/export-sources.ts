import { JsonArrayStreamError, parseJsonArrayStream } from '../lib/json-array-stream.ts';
import { describeCause, ExportError, type ExportHttp } from './export-http.ts';
import type { ExportProgress } from './export-progress.ts';

export const KINDS = ['feedback', 'qa', 'audits', 'calibrations', 'coaching', 'employees'] as const;
export type Kind = (typeof KINDS)[number];

/** A record as the server sent it (compact JSON, UTF-8), its sequence_id, and its value (parsed when asked for). */
export interface ExportRecord {
  readonly bytes: Buffer;
  readonly sequenceId: number | undefined;
  readonly value: Record<string, unknown>;
}

/** Feeds the server streams whole with `stream=true` (one request from any sequence_id). */
const STREAMED: Partial<Record<Kind, { path: string; query: Record<string, string> }>> = {
  feedback: { path: '/v2/data', query: { include_recovery: 'true' } },
};

/** Feeds read a page at a time (`after` + `limit`; the server has no stream for them). */
const PAGED: Partial<Record<Kind, string>> = { qa: '/v2/qa', audits: '/v2/qa/audits', calibrations: '/v2/qa/calibrations', coaching: '/v2/coaching/sessions' };
const PAGE_SIZE = 1000;

function parsed(value: Record<string, unknown>): ExportRecord {
  return { bytes: Buffer.from(JSON.stringify(value)), sequenceId: typeof value.sequence_id === 'number' ? value.sequence_id : undefined, value };
}

/** Every record of `kind` after `after`, in sequence_id order. */
export function exportRecords(http: ExportHttp, progress: ExportProgress, kind: Kind, after: number | undefined): AsyncGenerator<ExportRecord> {
  const streamed = STREAMED[kind];
  if (streamed) return streamedRecords(http, progress, streamed.path, streamed.query, after);
  const paged = PAGED[kind];
  if (paged) return pagedRecords(http, paged, after);
  return employeeRecords(http);
}

/**
 * One streamed request (`stream=true`, no limit) from `after`, parsed as it arrives. When the
 * connection drops after some records came, a new streamed request resumes after the last one;
 * when it drops before any came, the export stops saying where a rerun would resume.
 */
async function* streamedRecords(http: ExportHttp, progress: ExportProgress, path: string, query: Record<string, string>, after: number | undefined): AsyncGenerator<ExportRecord> {
  let last = after;
  for (;;) {
    const response = await http.get(path, { ...query, stream: 'true', limit: String(Number.MAX_SAFE_INTEGER), ...(last !== undefined ? { after: String(last) } : {}) });
    let received = 0;
    try {
      for await (const element of parseJsonArrayStream(response.body!)) {
        received++;
        last = element.sequenceId ?? last;
        yield element as ExportRecord;
      }
      return;
    } catch (error) {
      const url = http.url(path).shown;
      if (error instanceof JsonArrayStreamError && !error.truncated) throw new ExportError(`${url} did not answer a JSON array (${error.message})`);
      const cause = error instanceof JsonArrayStreamError ? error.message : describeCause(error);
      if (received === 0) {
        const rerun = last !== undefined ? `rerun with --after ${last} (or the same --state) to resume` : 'rerun to start again';
        throw new ExportError(`the connection to ${url} was lost (${cause}); ${rerun}`);
      }
      progress.notice(`the connection to ${url} was lost (${cause}) after ${received} rows; resuming ${last !== undefined ? `after sequence_id ${last}` : 'from the start'}`);
    }
  }
}

/** Page after page (`after` = the last sequence_id of the previous page) until a short page. */
async function* pagedRecords(http: ExportHttp, path: string, after: number | undefined): AsyncGenerator<ExportRecord> {
  let last = after;
  for (;;) {
    const response = await http.get(path, { limit: String(PAGE_SIZE), ...(last !== undefined ? { after: String(last) } : {}) });
    const page = (await response.json()) as Record<string, unknown>[];
    for (const value of page) {
      const record = parsed(value);
      last = record.sequenceId ?? last;
      yield record;
    }
    if (page.length < PAGE_SIZE) return;
  }
}

/** Every employee, following meta.next_page (employees have no sequence_id to resume from). */
async function* employeeRecords(http: ExportHttp): AsyncGenerator<ExportRecord> {
  let response = await http.get('/v2/employees');
  for (;;) {
    const page = (await response.json()) as { employees: Record<string, unknown>[]; meta?: { next_page?: string | null } };
    for (const value of page.employees) yield parsed(value);
    if (!page.meta?.next_page) return;
    const next = new URL(page.meta.next_page);
    response = await http.get(next.pathname, Object.fromEntries(next.searchParams));
  }
}
