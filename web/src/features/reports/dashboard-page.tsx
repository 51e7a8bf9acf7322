import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, buttonClass, EmptyState, Icon } from '../../ui/index.ts';
import { ChannelTable } from './channel-table.tsx';
import { FunnelTable } from './funnel-table.tsx';
import { errorMessage } from './error-message.ts';
import { KpiGrid } from './kpi-grid.tsx';
import { PeriodLine } from './period-line.tsx';
import { ReportFiltersBar } from './report-filters.tsx';
import { averagesQuery, metricsQuery } from './reports.queries.ts';
import { filtersOf, type DashboardSearch, type ReportFilters } from './reports-search.ts';
import { TrendChart } from './trend-chart.tsx';
import { useReportFrame } from './use-report-frame.ts';
import './reports.css';

const dashboardRoute = getRouteApi('/app/reports');

/** `/reports`: the viewer's figures of a period against the previous one and the team and company, a trend and the channels. */
export function DashboardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('reports.title'));
  const search = dashboardRoute.useSearch();
  const navigate = useNavigate({ from: '/reports' });
  const update = (patch: Partial<DashboardSearch>) => void navigate({ search: (previous: DashboardSearch) => ({ ...previous, ...patch }), resetScroll: false });
  const filters: ReportFilters = filtersOf(search);
  const { options, timeZone, range, query } = useReportFrame(filters);
  const metric = search.metric ?? 'star_rating_avg';
  const bucket = search.bucket ?? 'day';
  const enabled = Boolean(query);
  const q = query ?? { from: '', to: '' };
  const total = useQuery({ ...metricsQuery({ ...q, compare: 'previous' }), enabled });
  const trend = useQuery({ ...metricsQuery({ ...q, group_by: bucket }), enabled });
  const channels = useQuery({ ...metricsQuery({ ...q, group_by: 'channel' }), enabled });
  const averages = useQuery({ ...averagesQuery({ from: q.from, to: q.to, channel: filters.channel }), enabled });
  const sliced = Boolean(filters.channel || filters.brand || filters.tag);
  const failed = options.error ?? total.error;
  const network = t('app.networkError');
  const own = options.data ? options.data.employees.length <= 1 && options.data.teams.length === 0 : true;
  const empty = total.data && total.data.total.responses === 0 && total.data.total.requests_delivered === 0;

  return (
    <div className="reports">
      <div className="page-header">
        <div>
          <h1>{t('reports.title')}</h1>
          <p className="page-header__sub">{own ? t('reports.subtitleOwn') : t('reports.subtitleScope')}</p>
        </div>
        {!own && <Link to="/reports/team" search={filters} className={buttonClass('secondary', 'sm')}>{t('reports.viewTeam')}</Link>}
      </div>
      <ReportFiltersBar search={search} options={options.data} range={range} update={update} />
      {range && timeZone && <PeriodLine range={range} timeZone={timeZone} />}
      {failed ? (
        <Alert tone="error">
          {t('reports.error')} {errorMessage(failed, t('app.genericError'), network)}
          <Button size="sm" onClick={() => { void options.refetch(); void total.refetch(); }}>{t('app.retry')}</Button>
        </Alert>
      ) : empty ? (
        <div className="card">
          <EmptyState title={t('reports.emptyTitle')} icon={<Icon.ChartLine size={22} />}>{t('reports.emptyBody')}</EmptyState>
        </div>
      ) : (
        <>
          <KpiGrid total={total.data?.total} previous={total.data?.previous?.total} averages={averages.data} filters={filters} range={range} timeZone={timeZone} sliced={sliced} />
          <TrendChart report={trend.data} metric={metric} bucket={bucket} filters={filters} range={range} timeZone={timeZone}
            onMetric={(next) => update({ metric: next === 'star_rating_avg' ? undefined : next })} onBucket={(next) => update({ bucket: next === 'day' ? undefined : next })} />
          <ChannelTable report={channels.data} filters={filters} range={range} timeZone={timeZone} />
          <FunnelTable from={query?.from} to={query?.to} />
        </>
      )}
    </div>
  );
}
