import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/format.ts';
import type { ReportAverages, ReportFigures } from '../../lib/api-types.ts';
import { Icon, Skeleton } from '../../ui/index.ts';
import { drillable, streamSearchFor } from './drilldown.ts';
import { changeOf, EMPLOYEE_ONLY, figureOf, formatFigure } from './figures.ts';
import { METRICS, type DayRange, type Metric, type ReportFilters } from './reports-search.ts';

function Delta({ metric, current, previous }: { metric: Metric; current: number | null; previous: number | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const change = changeOf(metric, current, previous, locale, (value) => t('reports.points', { value }));
  if (!change) return <span className="kpi__delta kpi__delta--none">{t('reports.changeNone')}</span>;
  const label = change.direction === 'same' ? t('reports.changeSame') : t(change.direction === 'up' ? 'reports.changeUp' : 'reports.changeDown', { value: change.text });
  return (
    <span className={`kpi__delta kpi__delta--${change.tone}`} title={label}>
      <span aria-hidden="true">{change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '•'} {change.direction === 'same' ? '0' : change.text}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/**
 * The period's key figures, one card each: the figure (a link to the responses behind it), its
 * change from the previous period, and the team's and the company's figure beside it.
 */
export function KpiGrid({ total, previous, averages, filters, range, timeZone, sliced }: {
  total: ReportFigures | undefined;
  previous: ReportFigures | undefined;
  averages: ReportAverages | undefined;
  filters: ReportFilters;
  range: DayRange | undefined;
  timeZone: string | undefined;
  /** Filtered by channel, brand or tag: QA and coaching have no figure. */
  sliced: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section aria-labelledby="kpis-title">
      <h2 id="kpis-title" className="sr-only">{t('reports.kpis')}</h2>
      <ul className="kpis" aria-busy={!total}>
        {METRICS.map((metric) => {
          const name = t(`reports.metrics.${metric}`);
          const value = figureOf(total, metric);
          const shown = formatFigure(metric, value, locale, t('reports.noValue'));
          const link = total && range && timeZone && drillable(metric) && total.responses > 0 && value !== null;
          return (
            <li key={metric} className="kpi">
              <span className="kpi__label">{name}</span>
              <span className="kpi__value">
                {!total ? <Skeleton width="4rem" height="1.9rem" />
                  : link ? (
                    <Link to="/" search={streamSearchFor(filters, range, timeZone, metric)} className="kpi__link" aria-label={t('reports.openStream', { metric: name, value: shown })}>
                      {shown}<Icon.ArrowUpRight size={14} className="kpi__go" />
                    </Link>
                  ) : shown}
              </span>
              <span className="kpi__hint">{sliced && EMPLOYEE_ONLY.has(metric) ? t('reports.notInSlice') : t(`reports.hints.${metric}`)}</span>
              {total && <Delta metric={metric} current={value} previous={figureOf(previous, metric)} />}
              {averages && (
                <span className="kpi__compare">
                  {averages.team && <span>{t('reports.teamAvg')} <b>{formatFigure(metric, figureOf(averages.team.total, metric), locale, t('reports.noValue'))}</b></span>}
                  <span>{t('reports.companyAvg')} <b>{formatFigure(metric, figureOf(averages.company, metric), locale, t('reports.noValue'))}</b></span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
