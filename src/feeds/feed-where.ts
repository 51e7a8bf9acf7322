import type { FeedQuery, TimeRange } from './feed-query.ts';

/**
 * Applies a page request to a select of one company's records: `sequence_id > after`, each time
 * range on the column of its field's name, ascending by sequence_id, at most `limit` rows.
 */
export function feedWhere<QB extends { where: any; orderBy: any; limit: any }>(qb: QB, query: FeedQuery): QB {
  let next: any = qb.where('sequence_id', '>', query.after);
  for (const [column, range] of Object.entries<TimeRange | undefined>(query.ranges)) {
    if (range?.gte !== undefined) next = next.where(column, '>=', range.gte);
    if (range?.lte !== undefined) next = next.where(column, '<=', range.lte);
  }
  return next.orderBy('sequence_id', 'asc').limit(query.limit);
}
