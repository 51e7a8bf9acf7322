import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouteContext, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import type { ReportFigures } from '../../lib/api-types.ts';
import { formatDate, formatNumber, formatPercent, useLocale } from '../../lib/format.ts';
import { addDays, periodRange, useToday, weeksOf, type DayRange } from '../../lib/report-period.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, Card, EmptyState, Icon, Skeleton, SpinnerBlock } from '../../ui/index.ts';
import { reportOptionsQuery } from '../leaderboard/leaderboard.queries.ts';
import { hasRecoveries, recoveryFigures, type RecoveryFigures } from './recovery-figures.ts';
import { RecoveryFilters } from './recovery-filters.tsx';
import { DEFAULT_RECOVERY_PERIOD, type RecoverySearch } from './recovery-search.ts';
import { RecoveryCharts, type WeekPoint } from './recovery-trend.tsx';
import { metricsQuery } from './recovery.queries.ts';
import { recoveryStreamHref } from './stream-href.ts';
import { StreamLink } from './stream-link.tsx';
import './recovery.css';

const route = getRouteApi('/app/reports/recovery');

function errorText(error: unknown, fallback: string, network: string): string {
  if (error instanceof ApiError) return error.status === 0 ? network : error.message || fallback;
  return fallback;
}

const day = (iso: string) => `${iso}T12:00:00Z`;

/** Figures as shown: counts, shares and star averages, a dash when there is nothing to show. */
function useShow() {
  const { t } = useTranslation();
  const locale = useLocale();
  const dash = t('recovery.noValue');
  return {
    count: (value: number) => formatNumber(value, locale),
    pct: (value: number | null) => (value === null ? dash : formatPercent(value, locale)),
    stars: (value: number | null) => (value === null ? dash : formatNumber(value, locale, 2)),
  };
}

/** The answered count, opening those recoveries in the Stream. */
function AnsweredLink({ value, href }: { value: number; href: string }) {
  const { t } = useTranslation();
  const show = useShow();
  if (value === 0) return <>{show.count(0)}</>;
  return <StreamLink href={href} className="rlink" label={t('recovery.openAnswered')}>{show.count(value)}</StreamLink>;
}

function Summary({ figures, href }: { figures: RecoveryFigures | undefined; href: string }) {
  const { t } = useTranslation();
  const show = useShow();
  const value = (render: (f: RecoveryFigures) => React.ReactNode) => (figures ? render(figures) : <Skeleton width="3rem" height="1.75rem" />);
  return (
    <Card as="section" padded={false} className="summary rsummary" aria-labelledby="rsummary-title" aria-busy={!figures}>
      <h2 id="rsummary-title" className="sr-only">{t('recovery.summary')}</h2>
      <dl className="metrics rmetrics">
        <div className="metric"><dt>{t('recovery.sent')}</dt><dd>{value((f) => show.count(f.sent))}</dd></div>
        <div className="metric"><dt>{t('recovery.answered')}</dt><dd>{value((f) => <AnsweredLink value={f.answered} href={href} />)}</dd></div>
        <div className="metric"><dt>{t('recovery.answerRate')}</dt><dd>{value((f) => show.pct(f.answerRate))}<span className="metric__sub">{t('recovery.answerRateHint')}</span></dd></div>
        <div className="metric"><dt>{t('recovery.before')}</dt><dd>{value((f) => show.stars(f.before))}<span className="metric__sub">{t('recovery.beforeHint')}</span></dd></div>
        <div className="metric"><dt>{t('recovery.after')}</dt><dd>{value((f) => (
          <span className="rafter">{show.stars(f.after)}{f.before !== null && f.after !== null && f.after !== f.before && (
            <span className={f.after > f.before ? 'rdelta rdelta--up' : 'rdelta rdelta--down'}>{f.after > f.before ? '▲' : '▼'} {show.stars(Math.abs(f.after - f.before))}</span>
          )}</span>
        ))}<span className="metric__sub">{t('recovery.afterHint')}</span></dd></div>
        <div className="metric"><dt>{t('recovery.improved')}</dt><dd>{value((f) => show.pct(f.improvedPct))}
          {figures && <span className="metric__sub">{t('recovery.improvedHint', { improved: show.count(figures.improved), rated: show.count(figures.rated) })}</span>}</dd></div>
      </dl>
    </Card>
  );
}

/** One row per week (or agent): every figure of the charts, each answered count a link into the Stream. */
function FiguresTable({ caption, head, rows, total }: {
  caption: string;
  head: string;
  rows: { key: string; label: React.ReactNode; figures: RecoveryFigures; href: string }[];
  total?: { figures: RecoveryFigures; href: string };
}) {
  const { t } = useTranslation();
  const show = useShow();
  const cells = (f: RecoveryFigures, href: string) => (
    <>
      <td>{show.count(f.sent)}</td>
      <td><AnsweredLink value={f.answered} href={href} /></td>
      <td>{show.pct(f.answerRate)}</td>
      <td>{show.stars(f.before)}</td>
      <td>{show.stars(f.after)}</td>
      <td>{show.pct(f.improvedPct)}</td>
    </>
  );
  return (
    <div className="rtable-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="rtable">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t('recovery.sent')}</th>
            <th scope="col">{t('recovery.answered')}</th>
            <th scope="col">{t('recovery.answerRate')}</th>
            <th scope="col">{t('recovery.before')}</th>
            <th scope="col">{t('recovery.after')}</th>
            <th scope="col">{t('recovery.improved')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => <tr key={row.key}><th scope="row">{row.label}</th>{cells(row.figures, row.href)}</tr>)}
        </tbody>
        {total && <tfoot><tr><th scope="row">{t('recovery.total')}</th>{cells(total.figures, total.href)}</tr></tfoot>}
      </table>
    </div>
  );
}

const EMPTY: ReportFigures = {
  responses: 0, requests_delivered: 0, response_rate: null, star_ratings: 0, star_rating_avg: null, five_star_pct: null, positive_pct: null, negative_pct: null,
  stars_1: 0, stars_2: 0, stars_3: 0, stars_4: 0, stars_5: 0, nps: null, nps_responses: 0, fcr_pct: null, fcr_responses: 0, qa_score_avg: null, qa_reviews: null,
  coaching_sessions: null, recoveries_sent: 0, recoveries_answered: 0, recoveries_rated: 0, recovery_star_before_avg: null, recovery_star_after_avg: null, recoveries_improved: 0,
};

/** `/reports/recovery`: service recoveries sent and answered, and how the customers' ratings moved. */
export function RecoveryPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/reports/recovery' });
  const router = useRouter();
  const { session } = useRouteContext({ from: '/app' });
  useDocumentTitle(t('recovery.title'));
  const leads = session.employee.sees !== 'own';
  const options = useQuery(reportOptionsQuery);
  const today = useToday(options.data?.time_zone);
  const range = periodRange(search.period ?? DEFAULT_RECOVERY_PERIOD, today, search);
  const base = options.data ? { from: range.from, to: range.to, team: search.team, channel: search.channel } : undefined;
  const weekly = useQuery({ ...metricsQuery({ ...base!, group_by: 'week' }), enabled: base !== undefined });
  const agents = useQuery({ ...metricsQuery({ ...base!, group_by: 'employee' }), enabled: base !== undefined && leads });

  const filters = { team: search.team, channel: search.channel };
  const href = (within: DayRange, agent?: number) => recoveryStreamHref(within, options.data?.time_zone ?? 'UTC', { ...filters, agent });
  const total = weekly.data ? recoveryFigures(weekly.data.total) : undefined;
  const byWeek = new Map((weekly.data?.rows ?? []).map((row) => [row.key.week, row]));
  const weeks: (WeekPoint & { range: DayRange })[] = weekly.data ? weeksOf(range).map((monday) => ({
    week: monday,
    label: formatDate(day(monday), locale).replace(/,? \d{4}$/, ''),
    figures: recoveryFigures(byWeek.get(monday) ?? EMPTY),
    // The week within the period: its first and last days may be cut by the period's ends.
    range: { from: monday < range.from ? range.from : monday, to: addDays(monday, 6) > range.to ? range.to : addDays(monday, 6) },
  })) : [];
  const agentRows = (agents.data?.rows ?? [])
    .map((row) => ({ employee: row.key.employee!, figures: recoveryFigures(row) }))
    .filter((row) => row.employee && hasRecoveries(row.figures))
    .sort((a, b) => b.figures.sent - a.figures.sent || b.figures.answered - a.figures.answered || a.employee.name.localeCompare(b.employee.name, locale));

  const network = t('app.networkError');
  const failed = options.error ?? weekly.error;
  const rangeText = t('recovery.range', { from: formatDate(day(range.from), locale), to: formatDate(day(range.to), locale) });
  const setView = (view: RecoverySearch['view']) => void navigate({ search: (previous: RecoverySearch) => ({ ...previous, view }), resetScroll: false, replace: true });
  const showTable = search.view === 'table';

  return (
    <div className="recovery">
      <div className="page-header">
        <div>
          <h1>{t('recovery.title')}</h1>
          <p className="page-header__sub">{t('recovery.subtitle')}</p>
        </div>
        <p className="recovery__range"><Icon.Calendar size={14} />{rangeText}</p>
      </div>
      <RecoveryFilters search={search} options={options.data} range={range} />
      {failed ? <Alert tone="error">{errorText(failed, t('app.genericError'), network)}</Alert> : (
        <>
          <Summary figures={total} href={href(range)} />
          {total && !hasRecoveries(total) ? (
            <Card><EmptyState title={t('recovery.emptyTitle')} icon={<Icon.Refresh size={22} />}>{t('recovery.emptyBody')}</EmptyState></Card>
          ) : (
            <>
              <Card as="section" padded={false} className="rtrend" aria-labelledby="rtrend-title">
                <div className="rcard-head">
                  <h2 id="rtrend-title">{t('recovery.trend')}</h2>
                  <div className="segmented" role="group" aria-label={t('recovery.trendView')}>
                    <Button size="sm" aria-pressed={!showTable} onClick={() => setView(undefined)}>{t('recovery.chart')}</Button>
                    <Button size="sm" aria-pressed={showTable} onClick={() => setView('table')}>{t('recovery.table')}</Button>
                  </div>
                </div>
                {!weekly.data || !total ? <SpinnerBlock label={t('recovery.loading')} /> : showTable ? (
                  <FiguresTable caption={t('recovery.trend')} head={t('recovery.week')}
                    rows={weeks.map((w) => ({ key: w.week, label: formatDate(day(w.week), locale), figures: w.figures, href: href(w.range) }))}
                    total={{ figures: total, href: href(range) }} />
                ) : (
                  <figure className="rtrend__figure">
                    <RecoveryCharts weeks={weeks} onOpenWeek={(week) => {
                      const found = weeks.find((w) => w.week === week);
                      if (found) void router.navigate({ href: href(found.range) });
                    }} />
                    <figcaption className="rtrend__caption">{t('recovery.chartSummary', {
                      from: formatDate(day(range.from), locale), to: formatDate(day(range.to), locale),
                      sent: formatNumber(total.sent, locale), answered: formatNumber(total.answered, locale),
                      before: total.before === null ? t('recovery.noValue') : formatNumber(total.before, locale, 2),
                      after: total.after === null ? t('recovery.noValue') : formatNumber(total.after, locale, 2),
                    })}</figcaption>
                  </figure>
                )}
              </Card>
              {leads && (
                <Card as="section" padded={false} className="ragents" aria-labelledby="ragents-title">
                  <div className="rcard-head">
                    <div>
                      <h2 id="ragents-title">{t('recovery.byAgent')}</h2>
                      <p className="rcard-head__sub">{t('recovery.byAgentIntro')}</p>
                    </div>
                  </div>
                  {agents.isError ? <Alert tone="error">{errorText(agents.error, t('app.genericError'), network)}</Alert>
                    : !agents.data ? <SpinnerBlock label={t('recovery.loading')} />
                    : <FiguresTable caption={t('recovery.byAgent')} head={t('recovery.agent')}
                        rows={agentRows.map((row) => ({ key: String(row.employee.id), label: row.employee.name, figures: row.figures, href: href(range, row.employee.id) }))} />}
                </Card>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
