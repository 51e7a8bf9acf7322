import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/format.ts';
import type { ReportFigures } from '../../lib/api-types.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, buttonClass, EmptyState, Icon, Skeleton } from '../../ui/index.ts';
import { errorMessage } from './error-message.ts';
import { PeriodLine } from './period-line.tsx';
import { ReportFiltersBar } from './report-filters.tsx';
import { csvHref, metricsQuery } from './reports.queries.ts';
import { filtersOf, type ReportFilters, type SortKey, type TeamSearch } from './reports-search.ts';
import { sortRows, TeamTable, type AgentRow } from './team-table.tsx';
import { useReportFrame } from './use-report-frame.ts';
import './reports.css';

const teamRoute = getRouteApi('/app/reports/team');

/** The figures of someone with nothing in the period: counts 0, ratios empty (QA and coaching as the report has them: null in a channel, brand or tag slice). */
function emptyFigures(like: ReportFigures): ReportFigures {
  const zero = Object.fromEntries(Object.entries(like).map(([key, value]) => [key, value === null ? null : 0])) as ReportFigures;
  const ratios = ['response_rate', 'star_rating_avg', 'five_star_pct', 'positive_pct', 'negative_pct', 'nps', 'fcr_pct', 'qa_score_avg', 'recovery_star_before_avg', 'recovery_star_after_avg'] as const;
  for (const key of ratios) zero[key] = null;
  return zero;
}

/** `/reports/team`: one row per agent of the viewer's scope (with or without responses), sortable, downloadable. */
export function TeamPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  useDocumentTitle(t('reports.teamTitle'));
  const search = teamRoute.useSearch();
  const navigate = useNavigate({ from: '/reports/team' });
  const update = (patch: Partial<TeamSearch>) => void navigate({ search: (previous: TeamSearch) => ({ ...previous, ...patch }), resetScroll: false });
  const filters: ReportFilters = filtersOf(search);
  const { options, timeZone, range, query } = useReportFrame(filters);
  const q = query ?? { from: '', to: '' };
  const report = useQuery({ ...metricsQuery({ ...q, group_by: 'employee' }), enabled: Boolean(query) });
  const sort: SortKey = search.sort ?? 'name';
  const dir = search.dir ?? (sort === 'name' ? 'asc' : 'desc');
  const onSort = (key: SortKey) => {
    const nextDir = key === sort ? (dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
    update({ sort: key === 'name' ? undefined : key, dir: nextDir === (key === 'name' ? 'asc' : 'desc') ? undefined : nextDir });
  };

  // Everyone the viewer reports on, with figures or without (narrowed to the chosen agents).
  const byId = new Map(report.data?.rows.filter((row) => row.key.employee).map((row) => [row.key.employee!.id, row]));
  const people = options.data?.employees.filter((e) => !filters.employee || filters.employee.includes(e.id)) ?? [];
  const filteredByPeople = Boolean(filters.team || filters.group);
  const none = report.data ? emptyFigures(report.data.total) : null;
  const rows: AgentRow[] = [
    ...people.filter((e) => byId.has(e.id) || !filteredByPeople).map((e) => ({ id: e.id, name: e.name, figures: byId.get(e.id) ?? none })),
    ...(report.data?.rows ?? []).filter((row) => row.key.employee && !people.some((e) => e.id === row.key.employee!.id))
      .map((row) => ({ id: row.key.employee!.id, name: row.key.employee!.name, figures: row })),
  ];
  const sorted = sortRows(rows, sort, dir, locale);
  const noTeam = options.data && options.data.employees.length <= 1 && options.data.teams.length === 0;
  const failed = options.error ?? report.error;

  return (
    <div className="reports">
      <div className="page-header">
        <div>
          <h1 id="team-title">{t('reports.teamTitle')}</h1>
          <p className="page-header__sub">{t('reports.teamSubtitle')}</p>
        </div>
        <div className="page-header__actions">
          <Link to="/reports" search={filters} className={buttonClass('secondary', 'sm')}>{t('reports.viewDashboard')}</Link>
          {query && !noTeam && (
            <a href={csvHref({ ...query, group_by: 'employee' })} download={`team-${query.from}-${query.to}.csv`} className={buttonClass('primary', 'sm')}>
              <Icon.Download size={14} />{t('reports.downloadCsv')}
            </a>
          )}
        </div>
      </div>
      {noTeam ? (
        <div className="card">
          <EmptyState title={t('reports.noTeamTitle')} icon={<Icon.User size={22} />}
            action={<Link to="/reports" className={buttonClass('primary')}>{t('reports.toDashboard')}</Link>}>{t('reports.noTeamBody')}</EmptyState>
        </div>
      ) : (
        <>
          <ReportFiltersBar search={search} options={options.data} range={range} update={update} />
          {range && timeZone && <PeriodLine range={range} timeZone={timeZone} />}
          {failed ? (
            <Alert tone="error">
              {t('reports.error')} {errorMessage(failed, t('app.genericError'), t('app.networkError'))}
              <Button size="sm" onClick={() => { void options.refetch(); void report.refetch(); }}>{t('app.retry')}</Button>
            </Alert>
          ) : !report.data || !range || !timeZone ? (
            <div className="card panel__body" role="status" aria-label={t('reports.loading')}><Skeleton height="2rem" /><Skeleton height="2rem" /><Skeleton height="2rem" /></div>
          ) : rows.length === 0 ? (
            <div className="card"><EmptyState title={t('reports.emptyTitle')} icon={<Icon.ChartLine size={22} />}>{t('reports.emptyBody')}</EmptyState></div>
          ) : (
            <div className="card panel">
              <p className="panel__count">{t('reports.agents', { count: rows.length })}</p>
              <TeamTable rows={sorted} total={report.data.total} sort={sort} dir={dir} onSort={onSort} filters={filters} range={range} timeZone={timeZone} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
