import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/format.ts';
import type { MetricsReport } from '../../lib/api-types.ts';
import { Card, Skeleton } from '../../ui/index.ts';
import { drillable, streamSearchFor } from './drilldown.ts';
import { figureOf, formatFigure } from './figures.ts';
import type { DayRange, Metric, ReportFilters } from './reports-search.ts';

const COLUMNS: Metric[] = ['responses', 'response_rate', 'star_rating_avg', 'five_star_pct', 'positive_pct', 'negative_pct', 'nps', 'fcr_pct'];

/** The period by channel: one row per channel, every figure a link to its responses. */
export function ChannelTable({ report, filters, range, timeZone }: { report: MetricsReport | undefined; filters: ReportFilters; range: DayRange | undefined; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = report?.rows.filter((row) => row.key.channel !== undefined) ?? [];
  return (
    <Card as="section" padded={false} className="panel" aria-labelledby="channels-title">
      <div className="panel__head"><h2 id="channels-title">{t('reports.byChannel')}</h2></div>
      {!report || !range || !timeZone ? <div className="panel__body"><Skeleton height="6rem" /></div>
        : rows.length === 0 ? <p className="panel__body muted">{t('reports.channelEmpty')}</p> : (
          <div className="table-wrap" role="region" aria-labelledby="channels-title" tabIndex={0}>
            <table className="table table--sticky">
              <thead>
                <tr>
                  <th scope="col">{t('reports.channel')}</th>
                  {COLUMNS.map((metric) => <th key={metric} scope="col" className="num">{t(`reports.metrics.${metric}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key.channel}>
                    <th scope="row">{row.key.channel}</th>
                    {COLUMNS.map((metric) => {
                      const value = figureOf(row, metric);
                      const shown = formatFigure(metric, value, locale, t('reports.noValue'));
                      return (
                        <td key={metric} className="num">
                          {drillable(metric) && row.responses > 0 && value !== null ? (
                            <Link to="/" search={streamSearchFor(filters, range, timeZone, metric, { channel: row.key.channel })} className="figure-link"
                              aria-label={`${row.key.channel}, ${t('reports.openStream', { metric: t(`reports.metrics.${metric}`), value: shown })}`}>{shown}</Link>
                          ) : shown}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </Card>
  );
}
