import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import type { LeaderboardQuery, ReportOptions } from '../../lib/api-types.ts';
import { formatDate, useLocale } from '../../lib/format.ts';
import { periodRange, useToday, type DayRange } from '../../lib/report-period.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, Card, EmptyState, Icon, SpinnerBlock } from '../../ui/index.ts';
import { RankedList, UnrankedList } from './board-list.tsx';
import { LeaderboardFilters } from './leaderboard-filters.tsx';
import { DEFAULT_METRIC, DEFAULT_MIN_RESPONSES, DEFAULT_PERIOD, DEFAULT_REFRESH, type LeaderboardSearch } from './leaderboard-search.ts';
import { leaderboardQuery, reportOptionsQuery } from './leaderboard.queries.ts';
import { TvBoard } from './tv-board.tsx';
import { enterFullscreen } from './use-fullscreen.ts';
import './leaderboard.css';

const route = getRouteApi('/app/reports/leaderboard');

/** The API's query for these choices: group ids become the names the API takes (unknown ones are dropped). */
function toQuery(search: LeaderboardSearch, range: DayRange, options: ReportOptions): LeaderboardQuery {
  const groups = (search.group ?? []).map((id) => options.groups.find((group) => group.id === id)?.name).filter((name): name is string => Boolean(name));
  return {
    metric: search.metric ?? DEFAULT_METRIC,
    from: range.from,
    to: range.to,
    team: search.team,
    group: groups.length ? groups : undefined,
    channel: search.channel,
    min_responses: search.min_responses ?? DEFAULT_MIN_RESPONSES,
  };
}

export function errorText(error: unknown, fallback: string, network: string): string {
  if (error instanceof ApiError) return error.status === 0 ? network : error.message || fallback;
  return fallback;
}

/** Set when TV mode ends, so the page puts focus back on the button that started it. */
let returnFocusToTvButton = false;

/** `/reports/leaderboard`: agents ranked by a metric; `?tv=1` is the same board for a TV. */
export function LeaderboardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/reports/leaderboard' });
  const tv = search.tv === 1;
  const options = useQuery(reportOptionsQuery);
  const today = useToday(options.data?.time_zone);
  const range = periodRange(search.period ?? DEFAULT_PERIOD, today, search);
  const query = options.data ? toQuery(search, range, options.data) : undefined;
  const board = useQuery({ ...leaderboardQuery(query!, tv ? search.refresh ?? DEFAULT_REFRESH : undefined), enabled: query !== undefined });
  const metric = search.metric ?? DEFAULT_METRIC;
  useDocumentTitle(tv ? `${t('leaderboard.title')} · ${t(`leaderboard.metrics.${metric}`)}` : t('leaderboard.title'));

  const tvButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!tv && returnFocusToTvButton) {
      returnFocusToTvButton = false;
      tvButton.current?.focus();
    }
  }, [tv]);

  const startTv = () => {
    enterFullscreen();
    void navigate({ search: (previous: LeaderboardSearch) => ({ ...previous, tv: 1 }) });
  };
  const exitTv = useCallback(() => {
    returnFocusToTvButton = true;
    void navigate({ search: (previous: LeaderboardSearch) => ({ ...previous, tv: undefined }) });
  }, [navigate]);

  const network = t('app.networkError');
  const failed = options.isError ? options.error : board.isError && !board.data ? board.error : null;
  const rangeText = t('leaderboard.range', { from: formatDate(`${range.from}T12:00:00Z`, locale), to: formatDate(`${range.to}T12:00:00Z`, locale) });
  const periodText = `${t(`leaderboard.periods.${search.period ?? DEFAULT_PERIOD}`)} · ${rangeText}`;

  if (tv) {
    return <TvBoard board={board.data} metric={metric} periodText={periodText} updatedAt={board.dataUpdatedAt} refreshing={board.isFetching}
      failed={board.isError} error={failed ? errorText(failed, t('app.genericError'), network) : null}
      refreshSeconds={search.refresh ?? DEFAULT_REFRESH} onExit={exitTv} />;
  }

  const data = board.data;
  const minimum = data?.min_responses ?? search.min_responses ?? DEFAULT_MIN_RESPONSES;
  return (
    <div className="leaderboard">
      <div className="page-header">
        <div>
          <h1>{t('leaderboard.title')}</h1>
          <p className="page-header__sub">{t('leaderboard.subtitle')}</p>
        </div>
        <Button ref={tvButton} onClick={startTv} aria-label={t('leaderboard.tvModeLabel')}>
          <Icon.Monitor size={16} />{t('leaderboard.tvMode')}
        </Button>
      </div>
      <LeaderboardFilters search={search} options={options.data} range={range} />
      {failed ? <Alert tone="error">{errorText(failed, t('app.genericError'), network)}</Alert> : (
        <>
          <Card as="section" padded={false} className="board-card" aria-labelledby="board-title" aria-busy={board.isFetching}>
            <div className="board-card__head">
              <h2 id="board-title">{t(`leaderboard.metrics.${metric}`)}</h2>
              <p className="board-card__sub">{t(`leaderboard.metricHints.${metric}`)} · {periodText}</p>
            </div>
            {!data ? <SpinnerBlock label={t('leaderboard.loading')} />
              : data.ranked.length > 0 ? <RankedList entries={data.ranked} metric={data.metric} />
              : data.unranked.length > 0 ? (
                <EmptyState headingLevel={3} title={t('leaderboard.noneRankedTitle')}>{t('leaderboard.noneRankedBody', { count: minimum })}</EmptyState>
              ) : <EmptyState headingLevel={3} title={t('leaderboard.emptyTitle')}>{t('leaderboard.emptyBody')}</EmptyState>}
          </Card>
          {data && data.unranked.length > 0 && (
            <Card as="section" className="board-unranked" aria-labelledby="unranked-title">
              <h2 id="unranked-title">{t('leaderboard.notRanked')}</h2>
              <p className="board-card__sub">{t('leaderboard.notRankedBody', { count: minimum })}</p>
              <UnrankedList entries={data.unranked} metric={data.metric} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}
