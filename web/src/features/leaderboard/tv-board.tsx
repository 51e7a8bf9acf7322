import { useRouteContext } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Leaderboard } from '../../lib/api-types.ts';
import { useLocale } from '../../lib/format.ts';
import { Alert, Button, EmptyState, Icon, SpinnerBlock } from '../../ui/index.ts';
import { RankedList } from './board-list.tsx';
import type { BoardMetric } from './leaderboard-search.ts';
import { useFullscreen } from './use-fullscreen.ts';

/** Ranked agents a TV shows at once: one column up to 10, two up to 20; the rest are counted. */
const TV_ROWS = 20;

function ExpandIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M8 3H5a2 2 0 0 0-2 2v3M21 8V5a2 2 0 0 0-2-2h-3M3 16v3a2 2 0 0 0 2 2h3M16 21h3a2 2 0 0 0 2-2v-3" />
    </svg>
  );
}

/**
 * The leaderboard for a TV: the whole screen (no app header; the Fullscreen API when asked), type
 * readable across a room, the time of the last update, and a way out by keyboard (Tab to the exit
 * button, or Escape, which also ends full screen). The page reloads the board by itself.
 */
export function TvBoard({ board, metric, periodText, updatedAt, failed, error, refreshSeconds, onExit }: {
  board: Leaderboard | undefined;
  metric: BoardMetric;
  periodText: string;
  updatedAt: number;
  refreshing: boolean;
  failed: boolean;
  error: string | null;
  refreshSeconds: number;
  onExit: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { session } = useRouteContext({ from: '/app' });
  const fullscreen = useFullscreen();
  const root = useRef<HTMLDivElement>(null);
  const wasFullscreen = useRef(fullscreen.active);
  const time = useMemo(() => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }), [locale]);

  useEffect(() => root.current?.focus({ preventScroll: true }), []);
  // Leaving full screen (the browser's own Escape, or its exit gesture) leaves TV mode too.
  useEffect(() => {
    if (fullscreen.active) wasFullscreen.current = true;
    else if (wasFullscreen.current) {
      wasFullscreen.current = false;
      onExit();
    }
  }, [fullscreen.active, onExit]);
  const { exit: exitFullscreen } = fullscreen;
  const exit = useCallback(() => {
    wasFullscreen.current = false;
    exitFullscreen();
    onExit();
  }, [exitFullscreen, onExit]);
  // Escape leaves TV mode (in full screen the browser may take the key itself: see above).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) exit();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [exit]);

  const ranked = board?.ranked ?? [];
  const shown = ranked.slice(0, TV_ROWS);
  const more = ranked.length - shown.length;
  const unranked = board?.unranked.length ?? 0;
  const updated = updatedAt ? time.format(updatedAt) : null;
  const every = refreshSeconds % 60 === 0
    ? t('leaderboard.refreshMinutes', { count: refreshSeconds / 60 })
    : t('leaderboard.refreshEvery', { count: refreshSeconds });

  return (
    <div className="tv" ref={root} tabIndex={-1} aria-labelledby="tv-title">
      <header className="tv__head">
        <div className="tv__title">
          <p className="tv__company">{session.company.name}</p>
          <h1 id="tv-title">{t(`leaderboard.metrics.${metric}`)} <span className="tv__title-board">· {t('leaderboard.title')}</span></h1>
          <p className="tv__period">{periodText}</p>
        </div>
        <div className="tv__meta">
          <p className="tv__updated" data-failed={failed} data-updated-at={updatedAt || undefined}>
            <span className="tv__dot" aria-hidden="true" key={updatedAt} />
            {updated ? t('leaderboard.updated', { time: updated }) : t('leaderboard.loading')}
          </p>
          <p className="tv__every">{every}</p>
          <div className="tv__actions">
            {fullscreen.supported && !fullscreen.active && (
              <Button variant="ghost" onClick={fullscreen.enter}><ExpandIcon />{t('leaderboard.fullScreen')}</Button>
            )}
            <Button variant="secondary" onClick={exit} aria-keyshortcuts="Escape">
              <Icon.X size={18} />{t('leaderboard.exitTv')}<kbd className="tv__key" aria-hidden="true">{t('leaderboard.exitTvKey')}</kbd>
            </Button>
          </div>
        </div>
      </header>
      {failed && board && updated && <p className="tv__stale" role="status">{t('leaderboard.stale', { time: updated })}</p>}
      <div className="tv__body">
        {!board ? (error ? <Alert tone="error">{error}</Alert> : <SpinnerBlock label={t('leaderboard.loading')} />)
          : shown.length > 0 ? <RankedList entries={shown} metric={board.metric} variant="tv" columns={shown.length > 10 ? 2 : 1} />
          : <EmptyState headingLevel={2} title={unranked > 0 ? t('leaderboard.noneRankedTitle') : t('leaderboard.emptyTitle')}>
              {unranked > 0 ? t('leaderboard.noneRankedBody', { count: board.min_responses }) : t('leaderboard.emptyBody')}
            </EmptyState>}
      </div>
      {(more > 0 || unranked > 0) && (
        <footer className="tv__foot">
          {more > 0 && <span>{t('leaderboard.tvMore', { count: more })}</span>}
          {unranked > 0 && <span>{t('leaderboard.tvUnranked', { count: unranked })}</span>}
        </footer>
      )}
    </div>
  );
}
