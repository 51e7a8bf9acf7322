import { Type, type TObject, type TOptional, type TProperties, type TString } from '@sinclair/typebox';
import { InvalidInputError } from '../../lib/errors.ts';

/** Largest page without `stream=true`. */
export const MAX_PAGE_LIMIT = 10_000;
export const DEFAULT_PAGE_LIMIT = 1000;

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses an ISO 8601 date or date-time (`2019-12-20`, `2019-12-20T00:00:00-05:00`,
 * `2020-01-03T17:00:01.123Z`) to epoch milliseconds; a time without offset is UTC.
 * Returns null for anything else, including impossible dates such as February 30.
 */
export function parseIsoDateTime(value: string): number | null {
  const m = ISO_8601.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (month! < 1 || month! > 12 || day! < 1 || hour! > 23 || minute! > 59 || second! > 59) return null;
  const local = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  if (new Date(local).getUTCDate() !== day) return null;
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return local;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  if (offsetMinutes > 18 * 60) return null;
  return local - (zone[0] === '-' ? -1 : 1) * offsetMinutes * 60_000;
}

const isoDateTime = (description: string) =>
  Type.String({ description: `${description} ISO 8601, e.g. 2019-12-20T00:00:00-05:00 (UTC when no offset is given).`, examples: ['2019-12-20T00:00:00-05:00'] });

/** The paging parameters every feed endpoint shares. */
export const FeedPagingProperties = {
  after: Type.Optional(
    Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Only records with a sequence_id greater than this (exclusive). Pass the last sequence_id of the previous page.' }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: `Maximum records returned (default ${DEFAULT_PAGE_LIMIT}; at most ${MAX_PAGE_LIMIT} unless stream=true).` }),
  ),
};

/**
 * Builds a feed's query-string schema: after/limit, one ISO 8601 parameter per entry of
 * `dates` (name → description), plus `extra` properties. Unknown parameters are ignored.
 */
export function feedQuerystring<D extends string, T extends TProperties>(
  dates: Record<D, string>,
  extra: T,
): TObject<typeof FeedPagingProperties & Record<D, TOptional<TString>> & T> {
  const dateProperties = Object.fromEntries(Object.entries<string>(dates).map(([name, text]) => [name, Type.Optional(isoDateTime(text))]));
  return Type.Object({ ...FeedPagingProperties, ...dateProperties, ...extra }) as never;
}

export interface FeedPaging {
  after: number;
  limit: number;
  stream: boolean;
}

/** After/limit/stream with defaults applied; a limit above 10,000 needs stream=true. */
export function readPaging(query: { after?: number; limit?: number; stream?: boolean }): FeedPaging {
  const stream = query.stream === true;
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  if (!stream && limit > MAX_PAGE_LIMIT) throw new InvalidInputError(`limit must be at most ${MAX_PAGE_LIMIT} unless stream=true`);
  return { after: query.after ?? 0, limit, stream };
}

/** Parses the named date parameters to epoch ms; a bad one is a 400 naming the parameter. */
export function readDates<K extends string>(query: Partial<Record<K, unknown>>, names: readonly K[]): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const name of names) {
    const raw = query[name];
    if (raw === undefined) continue;
    const parsed = typeof raw === 'string' ? parseIsoDateTime(raw) : null;
    if (parsed === null) throw new InvalidInputError(`${name} must be an ISO 8601 date-time such as 2019-12-20T00:00:00-05:00`);
    result[name] = parsed;
  }
  return result;
}
