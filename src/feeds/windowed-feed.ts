import { Type, type TSchema } from '@sinclair/typebox';
import { errorResponse, errorResponses, jsonResponse, RATE_LIMIT_HEADERS, RetryLater } from '../plugins/error-schemas.ts';
import { ref } from '../plugins/named-schemas.ts';
import type { DateParameter, FeedSpec } from './feed-query.ts';

/** The most records one page of a windowed feed holds, and its default. */
const PAGE_SIZE = 1000;

/**
 * The contract of the QA, coaching and integration-record feeds: at most 1,000 records a page,
 * `after` and `limit` as text, and `<field>_gte` / `<field>_lte` for each time field.
 */
export function windowedFeed<F extends string>(fields: readonly F[]): FeedSpec<F> {
  const window = (field: F, bound: 'gte' | 'lte'): DateParameter<F> => ({
    name: `${field}_${bound}`,
    field,
    bound,
    description: `Only records whose ${field} is at or ${bound === 'gte' ? 'after' : 'before'} this ISO 8601 date-time`,
  });
  return { maxLimit: PAGE_SIZE, defaultLimit: PAGE_SIZE, paging: 'text', dates: fields.flatMap((field) => [window(field, 'gte'), window(field, 'lte')]) };
}

/** Responses of a windowed feed: a page of `item`s (a named schema), a bad parameter (400), bad credentials (403), the rate limit (429). */
export function feedResponses<T extends TSchema>(item: T, description: string) {
  return {
    200: jsonResponse(description, Type.Array(ref(item)), { headers: RATE_LIMIT_HEADERS }),
    ...errorResponses(403),
    400: errorResponse(400, { description: 'Bad Request: a query parameter is not valid; the message names each one', example: { error: 'Bad Request', message: 'after must be a sequence id (a non-negative integer)' } }),
    429: RetryLater,
  };
}

/** How a windowed feed pages, for its operation's description. */
export const FEED_PAGING = `Ascending by sequence_id, at most ${PAGE_SIZE} per page: pass the last sequence_id of a page as \`after\` for the next one, until a page is empty. A record that changes comes back later with a new sequence_id. Rate limited per API key (RateLimit-* headers).`;
