import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, useLocale } from '../../lib/format.ts';
import type { MetricsReport } from '../../lib/api-types.ts';
import { Button, Card, Icon, Skeleton } from '../../ui/index.ts';
import { bucketKeys, bucketLabel } from './buckets.ts';
import { drillable, streamSearchFor } from './drilldown.ts';
import { figureOf, formatFigure } from './figures.ts';
import { BUCKETS, bucketDays, METRICS, type Bucket, type DayRange, type Metric, type ReportFilters } from './reports-search.ts';

/** An axis tick: shorter than a figure (whole percentages, one decimal of stars). */
function axisLabel(metric: Metric, value: number, locale: string): string {
  if (metric === 'star_rating_avg') return formatNumber(value, locale, 1);
  if (['response_rate', 'five_star_pct', 'positive_pct', 'negative_pct', 'fcr_pct', 'qa_score_avg'].includes(metric)) return `${formatNumber(value, locale)}%`;
  return formatNumber(value, locale);
}

interface Point { key: string; label: string; value: number | null; responses: number }

/**
 * A metric over the period by day, week or month (recharts), with its text equivalents: a caption
 * describing it and a table (one row per bucket, each figure a link to its responses). Clicking a
 * point opens the Stream on the responses behind it.
 */
export function TrendChart({ report, metric, bucket, filters, range, timeZone, onMetric, onBucket }: {
  report: MetricsReport | undefined;
  metric: Metric;
  bucket: Bucket;
  filters: ReportFilters;
  range: DayRange | undefined;
  timeZone: string | undefined;
  onMetric: (metric: Metric) => void;
  onBucket: (bucket: Bucket) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const [asTable, setAsTable] = useState(false);
  const name = t(`reports.metrics.${metric}`);
  const byKey = new Map(report?.rows.map((row) => [row.key[bucket] ?? '', row]));
  const points: Point[] = range ? bucketKeys(bucket, range).map((key) => {
    const row = byKey.get(key);
    return { key, label: bucketLabel(bucket, key, locale), value: figureOf(row, metric), responses: row?.responses ?? 0 };
  }) : [];
  const present = points.filter((p) => p.value !== null);
  const linkTo = (point: Point) => (range && timeZone && drillable(metric) && point.responses > 0 && point.value !== null ? streamSearchFor(filters, bucketDays(bucket, point.key, range), timeZone, metric) : undefined);
  const format = (value: number | null) => formatFigure(metric, value, locale, t('reports.noValue'));
  const values = present.map((p) => p.value!);
  const summary = present.length === 0 ? t('reports.trendEmpty', { metric: name }) : t('reports.trendSummary', {
    metric: name, bucket: t(`reports.${bucket}`).toLowerCase(), count: present.length,
    first: bucketLabel(bucket, present[0]!.key, locale, true), last: bucketLabel(bucket, present[present.length - 1]!.key, locale, true),
    min: format(Math.min(...values)), max: format(Math.max(...values)),
  });
  const open = (index: number) => {
    const search = points[index] && linkTo(points[index]);
    if (search) void navigate({ to: '/', search });
  };

  return (
    <Card as="section" padded={false} className="panel trend" aria-labelledby="trend-title">
      <div className="panel__head">
        <h2 id="trend-title">{t('reports.trend')}</h2>
        <div className="panel__tools">
          <label className="field-inline">
            <span>{t('reports.trendMetric')}</span>
            <select className="select" value={metric} onChange={(event) => onMetric(event.target.value as Metric)}>
              {METRICS.map((m) => <option key={m} value={m}>{t(`reports.metrics.${m}`)}</option>)}
            </select>
          </label>
          <div className="segmented" role="group" aria-label={t('reports.bucket')}>
            {BUCKETS.map((b) => <Button key={b} size="sm" aria-pressed={bucket === b} onClick={() => onBucket(b)}>{t(`reports.${b}`)}</Button>)}
          </div>
          <Button size="sm" variant="ghost" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
            {asTable ? <Icon.ChartLine size={14} /> : <Icon.Table size={14} />}{asTable ? t('reports.showChart') : t('reports.showTable')}
          </Button>
        </div>
      </div>
      {!report || !range ? <div className="trend__body"><Skeleton height="16rem" /></div> : asTable ? (
        <div className="table-wrap" role="region" aria-label={`${t('reports.trend')}: ${name}`} tabIndex={0}>
          <table className="table">
            <caption className="sr-only">{summary}</caption>
            <thead><tr><th scope="col">{t('reports.when')}</th><th scope="col" className="num">{name}</th><th scope="col" className="num">{t('reports.metrics.responses')}</th></tr></thead>
            <tbody>
              {points.map((point) => {
                const search = linkTo(point);
                return (
                  <tr key={point.key}>
                    <th scope="row">{bucketLabel(bucket, point.key, locale, true)}</th>
                    <td className="num">{search ? <Link to="/" search={search} className="figure-link">{format(point.value)}</Link> : format(point.value)}</td>
                    <td className="num">{formatNumber(point.responses, locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <figure className="trend__body">
          <div className="trend__chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid vertical={false} className="trend__grid" />
                <XAxis dataKey="label" tickLine={false} axisLine={false} minTickGap={24} className="trend__axis" />
                <YAxis tickLine={false} axisLine={false} width={52} className="trend__axis" domain={metric === 'star_rating_avg' ? [1, 5] : ['auto', 'auto']}
                  tickFormatter={(value: number) => axisLabel(metric, value, locale)} />
                <Tooltip cursor={{ className: 'trend__cursor' }} content={({ active, payload }) => {
                  const point = active && payload?.[0] ? (payload[0].payload as Point) : undefined;
                  if (!point) return null;
                  return (
                    <div className="trend__tip">
                      <b>{bucketLabel(bucket, point.key, locale, true)}</b>
                      <span>{name}: {format(point.value)}</span>
                      <span className="muted">{t('reports.metrics.responses')}: {formatNumber(point.responses, locale)}</span>
                    </div>
                  );
                }} />
                <Line type="linear" dataKey="value" stroke="currentColor" strokeWidth={2} connectNulls isAnimationActive={false}
                  dot={(props: { cx?: number; cy?: number; index?: number; value?: number | null }) => (
                    props.value === null || props.value === undefined || props.cx === undefined || props.cy === undefined ? <g key={props.index} />
                      : <circle key={props.index} cx={props.cx} cy={props.cy} r={points.length > 40 ? 2 : 3.5} className="trend__dot" onClick={() => open(props.index!)} />
                  )}
                  activeDot={(props: { cx?: number; cy?: number; index?: number }) => (
                    <circle cx={props.cx} cy={props.cy} r={6} className="trend__dot trend__dot--active" onClick={() => open(props.index!)} />
                  )} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption className="trend__caption">{summary}</figcaption>
        </figure>
      )}
    </Card>
  );
}
