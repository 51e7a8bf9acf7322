import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { StreamCard, StreamFilter, StreamOptions, StreamPage, StreamSummary } from '../../lib/api-types.ts';

/** Cards newest first, page by page through the `before` cursor. */
export const streamCardsQuery = (filter: StreamFilter) =>
  infiniteQueryOptions({
    queryKey: ['stream', 'cards', filter],
    queryFn: ({ pageParam, signal }) => api<StreamPage>('/app/api/stream', { query: { ...filter, before: pageParam, limit: 25 }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next_before ?? undefined,
  });

export const streamSummaryQuery = (filter: StreamFilter) =>
  queryOptions({
    queryKey: ['stream', 'summary', filter],
    queryFn: ({ signal }) => api<StreamSummary>('/app/api/stream/summary', { query: filter, signal }),
  });

export const streamOptionsQuery = queryOptions({
  queryKey: ['stream', 'options'],
  queryFn: ({ signal }) => api<StreamOptions>('/app/api/stream/options', { signal }),
  staleTime: 5 * 60_000,
});

export const feedbackQuery = (requestId: string) =>
  queryOptions({
    queryKey: ['feedback', requestId],
    queryFn: ({ signal }) => api<StreamCard>(`/app/api/feedback/${encodeURIComponent(requestId)}`, { signal }),
  });

/**
 * A card from the live feed: replaces the card of the same request wherever it is, or goes on top.
 * Answers whether it was new.
 */
export function mergeLiveCard(queryClient: QueryClient, filter: StreamFilter, card: StreamCard): boolean {
  let added = false;
  queryClient.setQueryData<InfiniteData<StreamPage, number | undefined>>(streamCardsQuery(filter).queryKey, (data) => {
    if (!data) return data;
    const found = data.pages.some((page) => page.cards.some((c) => c.request_id === card.request_id));
    if (found) {
      return { ...data, pages: data.pages.map((page) => ({ ...page, cards: page.cards.map((c) => (c.request_id === card.request_id ? card : c)) })) };
    }
    added = true;
    const [first, ...rest] = data.pages;
    return { ...data, pages: [{ ...first!, cards: [card, ...first!.cards] }, ...rest] };
  });
  queryClient.setQueryData(feedbackQuery(card.request_id).queryKey, card);
  return added;
}
