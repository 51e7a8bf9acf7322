import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, EmptyState, SpinnerBlock } from '../../ui/index.ts';
import { ResponseCard, ResponseCardSkeleton } from './response-card.tsx';
import { LiveIndicator, StreamFilters } from './stream-filters.tsx';
import { hasFilters, toApiFilter } from './stream-search.ts';
import { streamCardsQuery, streamSummaryQuery } from './stream.queries.ts';
import { SummaryBar } from './summary-bar.tsx';
import { useLiveStream } from './use-live-stream.ts';
import './stream.css';

function errorText(error: unknown, fallback: string, network: string): string {
  if (error instanceof ApiError) return error.status === 0 ? network : error.message || fallback;
  return fallback;
}

/** Loads the next page when the end of the list scrolls into view; the button does it for keyboards. */
function useLoadOnView(enabled: boolean, load: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && load(), { rootMargin: '600px 0px' });
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled, load]);
  return ref;
}

const streamRoute = getRouteApi('/app/');

/** `/`: everyone's landing page. Summary of the period, filters, and the responses as they come. */
export function StreamPage() {
  const { t } = useTranslation();
  const search = streamRoute.useSearch();
  useDocumentTitle(t('stream.title'));
  const filter = useMemo(() => toApiFilter(search), [search]);
  const summary = useQuery(streamSummaryQuery(filter));
  const cards = useInfiniteQuery(streamCardsQuery(filter));
  const live = useLiveStream(filter);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = cards;
  const loadMore = useMemo(() => () => { if (!isFetchingNextPage) void fetchNextPage(); }, [fetchNextPage, isFetchingNextPage]);
  const sentinel = useLoadOnView(Boolean(hasNextPage) && !isFetchingNextPage && !cards.isError, loadMore);
  const [scrolled, setScrolled] = useState(false);

  useEffect(() => {
    const onScroll = () => setScrolled(window.scrollY > 400);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  // The announcement is cleared a while after the last arrival, so the next one is read again.
  const { arrived, acknowledge } = live;
  useEffect(() => {
    if (arrived === 0) return;
    const timer = setTimeout(acknowledge, 10_000);
    return () => clearTimeout(timer);
  }, [arrived, acknowledge]);

  const all = cards.data?.pages.flatMap((page) => page.cards) ?? [];
  const network = t('app.networkError');

  return (
    <div className="stream">
      <div className="page-header">
        <div>
          <h1>{t('stream.title')}</h1>
          <p className="page-header__sub">{t('stream.subtitle')}</p>
        </div>
        <LiveIndicator connected={live.connected} />
      </div>
      <StreamFilters search={search} />
      {summary.isError ? <Alert tone="error">{errorText(summary.error, t('app.genericError'), network)}</Alert> : <SummaryBar summary={summary.data} />}

      <section aria-labelledby="cards-title">
        <h2 id="cards-title" className="sr-only">{t('stream.cardsTitle')}</h2>
        <div className="sr-only" aria-live="polite" aria-atomic="true">{arrived > 0 ? t('stream.newResponses', { count: arrived }) : ''}</div>
        {arrived > 0 && scrolled && (
          <Button variant="primary" size="sm" className="new-pill" onClick={() => { window.scrollTo({ top: 0, behavior: 'smooth' }); acknowledge(); }}>
            ↑ {t('stream.newResponses', { count: arrived })}
          </Button>
        )}
        {cards.isPending ? (
          <div className="cards" role="status" aria-label={t('stream.loadingCards')}>
            <ResponseCardSkeleton /><ResponseCardSkeleton /><ResponseCardSkeleton />
          </div>
        ) : cards.isError && all.length === 0 ? (
          <Alert tone="error">{errorText(cards.error, t('app.genericError'), network)}</Alert>
        ) : all.length === 0 ? (
          <div className="card">
            {hasFilters(search) ? (
              <EmptyState title={t('stream.emptyFilteredTitle')} action={<Link to="/" search={{}} className="btn btn--secondary">{t('stream.clearFilters')}</Link>}>
                {t('stream.emptyFilteredBody')}
              </EmptyState>
            ) : (
              <EmptyState title={t('stream.emptyTitle')}>{t('stream.emptyBody')}</EmptyState>
            )}
          </div>
        ) : (
          <>
            <ol className="cards" role="list">
              {all.map((card) => (
                <li key={card.request_id}><ResponseCard card={card} fresh={live.fresh.has(card.request_id)} /></li>
              ))}
            </ol>
            <div className="more" ref={sentinel}>
              {isFetchingNextPage ? <SpinnerBlock label={t('stream.loadingMore')} />
                : cards.isFetchNextPageError ? (<><Alert tone="error">{errorText(cards.error, t('app.genericError'), network)}</Alert><Button onClick={loadMore}>{t('app.retry')}</Button></>)
                : hasNextPage ? <Button onClick={loadMore}>{t('stream.loadMore')}</Button>
                : <p>{t('stream.end')}</p>}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
