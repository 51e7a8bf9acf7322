import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { toQueryString } from '../../lib/api-client.ts';
import type { StreamCard, StreamFilter } from '../../lib/api-types.ts';
import { mergeLiveCard, streamSummaryQuery } from './stream.queries.ts';

/**
 * New and updated responses as they happen: an EventSource on /app/api/stream/events with the
 * Stream's filters (`event: card`, data = one card). EventSource reconnects by itself and sends
 * Last-Event-ID, so nothing is missed in between. Answers the ids that arrived (to highlight them),
 * how many arrived since the last announcement, and whether the connection is open.
 */
export function useLiveStream(filter: StreamFilter) {
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  const [arrived, setArrived] = useState(0);
  const [connected, setConnected] = useState(true);
  const summaryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const key = toQueryString(filter);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let delay = 2000;
    let stopped = false;
    const onCard = (event: MessageEvent<string>) => {
      let card: StreamCard;
      try {
        card = JSON.parse(event.data) as StreamCard;
      } catch {
        return;
      }
      if (mergeLiveCard(queryClient, filter, card)) {
        setFresh((previous) => new Set(previous).add(card.request_id));
        setArrived((count) => count + 1);
      }
      // The summary counts it too; one refetch for a burst of arrivals.
      if (summaryTimer.current) clearTimeout(summaryTimer.current);
      summaryTimer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: streamSummaryQuery(filter).queryKey }), 1000);
    };
    const open = (reopened: boolean) => {
      source = new EventSource(`/app/api/stream/events${key}`, { withCredentials: true });
      source.addEventListener('open', () => {
        setConnected(true);
        delay = 2000;
        // A new EventSource has no Last-Event-ID: fetch what arrived while it was closed.
        if (reopened) void queryClient.invalidateQueries({ queryKey: ['stream'] });
      });
      source.addEventListener('card', onCard as EventListener);
      source.addEventListener('error', () => {
        setConnected(source?.readyState === EventSource.OPEN);
        // EventSource retries a dropped connection itself, but gives up on an HTTP error (a proxy's
        // 502 while the server restarts): then try again later, more slowly each time.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(() => open(true), delay);
          delay = Math.min(delay * 2, 60_000);
        }
      });
    };
    open(false);
    return () => {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (summaryTimer.current) clearTimeout(summaryTimer.current);
    };
    // `key` is the filter, serialised: a new EventSource only when the filters change.
  }, [key, queryClient]);

  return { fresh, arrived, connected, acknowledge: () => setArrived(0) };
}
