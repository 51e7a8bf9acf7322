import { AppError } from '../lib/errors.ts';
import { parseIsoDateTime } from './iso-date-time.ts';

/** A date-time query parameter: the records' time field it bounds, inclusively from below (gte) or above (lte). */
export interface DateParameter<F extends string = string> {
  name: string;
  field: F;
  bound: 'gte' | 'lte';
  /** Its OpenAPI description. */
  description: string;
}

/** What one feed's wire contract sets; everything else about paging is the same on every feed. */
export interface FeedSpec<F extends string = string> {
  /** The largest `limit` (without `stream=true`). */
  maxLimit: number;
  /** Records per page when no `limit` is given. */
  defaultLimit: number;
  /**
   * How `after` and `limit` are documented: as integers (the query-string schema refuses anything
   * else), or as text that readFeedQuery checks, naming every bad parameter at once.
   */
  paging: 'integer' | 'text';
  /** The description of `stream`, on a feed that can stream: `stream=true` lifts maxLimit. */
  stream?: string;
  /** The date-time parameters, in the order they are documented. */
  dates: readonly DateParameter<F>[];
}

/** Inclusive epoch-ms bounds of a time field. */
export interface TimeRange {
  gte?: number;
  lte?: number;
}

/** A page request: records after `after`, at most `limit`, within the time ranges, oldest change first. */
export interface FeedQuery<F extends string = string> {
  after: number;
  limit: number;
  /** The whole feed after `after` as one streamed response (a feed with `stream`). */
  stream: boolean;
  ranges: Partial<Record<F, TimeRange>>;
}

const SEQUENCE_ID = /^\d{1,16}$/;
const PAGE_SIZE = /^\d{1,5}$/;

/** A paging value as validated by the schema (a number) or as text; undefined when absent, NaN when not a whole number. */
function count(raw: unknown, pattern: RegExp): number | undefined {
  if (raw === undefined || typeof raw === 'number') return raw;
  const text = String(raw).trim();
  return pattern.test(text) ? Number(text) : Number.NaN;
}

/**
 * Reads a feed's query string (after the route's schema checked and coerced it) by its spec:
 * defaults applied, every bad parameter named in one 400, in the order the query gives them.
 * Parameters the feed does not take are ignored.
 */
export function readFeedQuery<F extends string>(query: unknown, spec: FeedSpec<F>): FeedQuery<F> {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const stream = spec.stream !== undefined && params.stream === true;
  const result: FeedQuery<F> = { after: 0, limit: spec.defaultLimit, stream, ranges: {} };
  const dates = new Map(spec.dates.map((parameter) => [parameter.name, parameter]));
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (name === 'after') {
      const after = count(raw, SEQUENCE_ID);
      if (Number.isNaN(after)) problems.push('after must be a sequence id (a non-negative integer)');
      else result.after = after ?? 0;
    } else if (name === 'limit') {
      const limit = count(raw, PAGE_SIZE);
      if (limit === undefined) continue;
      if (Number.isNaN(limit) || limit < 1 || (limit > spec.maxLimit && !stream)) problems.push(limitRule(spec));
      else result.limit = limit;
    } else {
      const parameter = dates.get(name);
      if (!parameter || raw === undefined) continue;
      const ms = typeof raw === 'string' ? parseIsoDateTime(raw) : null;
      if (ms === null) problems.push(`${name} must be an ISO 8601 date-time such as 2019-12-20T00:00:00-05:00`);
      else (result.ranges[parameter.field] ??= {})[parameter.bound] = ms;
    }
  }
  if (problems.length > 0) throw new AppError(400, problems.join('; '), problems);
  return result;
}

function limitRule(spec: FeedSpec): string {
  return spec.stream === undefined ? `limit must be an integer from 1 to ${spec.maxLimit}` : `limit must be at most ${spec.maxLimit} unless stream=true`;
}
