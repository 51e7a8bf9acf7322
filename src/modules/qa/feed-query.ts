import { Readable } from 'node:stream';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { allocateSequenceIds } from '../../db/sequence.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponse, errorResponses, jsonResponse, RATE_LIMIT_HEADERS, RetryLater } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';

/*
 * Data-return plumbing shared by the QA, coaching and metrics feeds. It stands in for the
 * data-return module's paging helper and rate-limit plugin until those land on main.
 */

/** The most records one data-return page holds. */
export const MAX_PAGE_SIZE = 1000;

/** A data-return page request: records after `after`, within the time windows, oldest change first. */
export interface FeedQuery {
  after: number;
  limit: number;
  /** column name → [gte, lte] epoch-ms bounds (either may be absent). */
  ranges: Record<string, { gte?: number; lte?: number }>;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function parseDateTime(value: string): number | null {
  if (!ISO_DATE_TIME.test(value)) return null;
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(normalized) ? normalized : `${normalized}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Parses and checks a data-return query string. `dateColumns` maps the `<name>_gte/_lte`
 * parameters this feed accepts to their columns. Every problem is reported at once as a
 * 400 naming the parameter. Unknown parameters are ignored, as on the other data-return feeds.
 */
export function parseFeedQuery(query: unknown, dateColumns: Record<string, string>): FeedQuery {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const errors: string[] = [];
  const result: FeedQuery = { after: 0, limit: MAX_PAGE_SIZE, ranges: {} };
  const allowed = new Set(['after', 'limit', ...Object.keys(dateColumns).flatMap((name) => [`${name}_gte`, `${name}_lte`])]);
  for (const [name, raw] of Object.entries(params)) {
    if (!allowed.has(name)) continue;
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const text = typeof value === 'string' ? value.trim() : String(value);
    if (name === 'after') {
      if (!/^\d{1,16}$/.test(text)) errors.push('after must be a sequence id (a non-negative integer)');
      else result.after = Number(text);
    } else if (name === 'limit') {
      if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PAGE_SIZE) errors.push(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
      else result.limit = Number(text);
    } else {
      const ms = parseDateTime(text);
      if (ms === null) {
        errors.push(`${name} must be an ISO 8601 date-time such as 2019-12-20T00:00:00-05:00`);
        continue;
      }
      const column = dateColumns[name.slice(0, -4)];
      const bound = (result.ranges[column] ??= {});
      bound[name.endsWith('_gte') ? 'gte' : 'lte'] = ms;
    }
  }
  if (errors.length > 0) throw new AppError(400, errors.join('; '), errors);
  return result;
}

/** `2019-12-20 10:44:18 UTC`, the data-return timestamp format; null stays null. */
export function formatUtc(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Route options of every QA, coaching and metrics feed: JWT + key auth, then the per-key rate
 * limit. HEAD gets the headers alone once its query is valid (and `exists`, the check for what
 * the URL names, passed), without reading records.
 */
export function dataReturnRouteOptions<Params = unknown>(app: FastifyInstance, exists?: (request: FastifyRequest & { params: Params }) => Promise<unknown>) {
  return { onRequest: app.requireApiKeyAndJwt, config: { rateLimit: app.perApiKeyRateLimit }, preHandler: answerHead(exists) };
}

/** The `<name>` of each `<name>_gte` parameter the route's query-string schema documents (as feedQuerySchema writes it). */
function documentedDates(schema: unknown): Record<string, string> {
  const names = Object.keys((schema as { properties?: object } | undefined)?.properties ?? {}).filter((key) => key.endsWith('_gte'));
  return Object.fromEntries(names.map((key) => [key.slice(0, -4), key.slice(0, -4)]));
}

/** `Params`: what the route's params schema guarantees `exists`. */
function answerHead<Params>(exists?: (request: FastifyRequest & { params: Params }) => Promise<unknown>) {
  return async (request: FastifyRequest & { params: Params }, reply: FastifyReply) => {
    if (request.method !== 'HEAD') return;
    parseFeedQuery(request.query, documentedDates(request.routeOptions.schema?.querystring));
    await exists?.(request);
    // An empty stream, because Fastify would announce an empty body (Content-Length: 0) for no payload.
    return reply.type('application/json; charset=utf-8').send(Readable.from([]));
  };
}

/**
 * OpenAPI description of a feed's query string. Values are checked by parseFeedQuery, which
 * names every bad parameter at once; the schema only documents them.
 */
export function feedQuerySchema(dateNames: string[]) {
  const dateTime = (description: string) => Type.Optional(Type.String({ description, examples: ['2019-12-20T00:00:00-05:00'] }));
  const dates = Object.fromEntries(
    dateNames.flatMap((name) => [
      [`${name}_gte`, dateTime(`Only records whose ${name} is at or after this ISO 8601 date-time`)],
      [`${name}_lte`, dateTime(`Only records whose ${name} is at or before this ISO 8601 date-time`)],
    ]),
  );
  return Type.Object(
    {
      after: Type.Optional(Type.String({ description: 'Only records with a sequence_id greater than this one (paging)', examples: ['1000'] })),
      limit: Type.Optional(Type.String({ description: `Records per page, 1 to ${MAX_PAGE_SIZE} (default ${MAX_PAGE_SIZE})` })),
      ...dates,
    },
    { additionalProperties: true },
  );
}

/** Responses of a feed: a page of `item`s (a named schema), a bad parameter (400), bad credentials (403), the rate limit (429). */
export function feedResponses<T extends TSchema>(item: T, description: string) {
  return {
    200: jsonResponse(description, Type.Array(ref(item)), { headers: RATE_LIMIT_HEADERS }),
    ...errorResponses(403),
    400: errorResponse(400, { description: 'Bad Request: a query parameter is not valid; the message names each one', example: { error: 'Bad Request', message: 'after must be a sequence id (a non-negative integer)' } }),
    429: RetryLater,
  };
}

/** How every sequence_id feed pages, for its operation's description. */
export const FEED_PAGING = `Ascending by sequence_id, at most ${MAX_PAGE_SIZE} per page: pass the last sequence_id of a page as \`after\` for the next one, until a page is empty. A record that changes comes back later with a new sequence_id. Rate limited per API key (RateLimit-* headers).`;

/** OpenAPI operationId, tags, summary, description and security of a JWT + key route. */
export function docs(tag: string, operationId: string, summary: string, description: string) {
  return { operationId, tags: [tag], summary, description, security: [{ apiKey: [], jwt: [] }] };
}

type Tx = Transaction<Database> | Kysely<Database>;
export type StampedTable = 'qa_reviews' | 'qa_audits' | 'qa_calibrations' | 'coaching_sessions' | 'metric_records';

export { lockSequence } from '../../db/sequence.ts';

/** Gives rows new sequence ids (in the order given) inside the writing transaction. */
export async function stampSequence(trx: Tx, table: StampedTable, companyId: number, rowIds: number[]): Promise<void> {
  if (rowIds.length === 0) return;
  const sequenceIds = await allocateSequenceIds(trx, companyId, rowIds);
  for (const [i, rowId] of rowIds.entries()) {
    await trx
      .updateTable(table)
      .set({ sequence_id: sequenceIds[i] })
      .where('company_id', '=', companyId)
      .where('id', '=', rowId)
      .execute();
  }
}

/** Applies the feed's after/limit/date windows to a select on `table` of one company. */
export function feedWhere<QB extends { where: any; orderBy: any; limit: any }>(qb: QB, query: FeedQuery): QB {
  let next: any = qb.where('sequence_id', '>', query.after);
  for (const [column, { gte, lte }] of Object.entries(query.ranges)) {
    if (gte !== undefined) next = next.where(column, '>=', gte);
    if (lte !== undefined) next = next.where(column, '<=', lte);
  }
  return next.orderBy('sequence_id', 'asc').limit(query.limit);
}
