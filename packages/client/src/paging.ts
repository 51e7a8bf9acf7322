/** The page size the client asks for when none is given (a feed serves at most 10,000 without stream=true). */
export const DEFAULT_PAGE_SIZE = 1000;

/** `after` and `limit` of a sequence-ordered feed: the document types them as integers or as digit strings, the same text on the wire. */
export interface SequencePaging {
  after?: number | string;
  limit?: number | string;
}

/**
 * Every record of a feed ordered by sequence_id, one page after another: each page asks for the
 * records after the last sequence_id seen (starting from `query.after`), so a record changed while
 * paging comes again, later. Stops at the first page shorter than the page size.
 */
export async function* pagesBySequence<Q extends SequencePaging, R extends { sequence_id: number }>(
  list: (query: Q) => Promise<R[]>,
  query: Q,
): AsyncGenerator<R> {
  const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
  let after = query.after === undefined ? undefined : Number(query.after);
  for (;;) {
    const page = await list({ ...query, after, limit } as Q);
    yield* page;
    if (page.length < limit) return;
    after = page[page.length - 1].sequence_id;
  }
}
