import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber, formatPercent, useLocale } from '../../lib/format.ts';
import type { StreamSummary } from '../../lib/api-types.ts';
import { Button, Card, Icon, Skeleton } from '../../ui/index.ts';

function StarIcon() {
  return <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2.5l2.94 5.96 6.58.96-4.76 4.64 1.12 6.55L12 17.52l-5.88 3.09 1.12-6.55L2.48 9.42l6.58-.96z" /></svg>;
}

function Tally({ title, items }: { title: string; items: StreamSummary['areas_of_excellence'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div>
      <h3>{title}</h3>
      {items.length === 0 ? <p className="muted">{t('stream.noneYet')}</p> : (
        <ol className="tally">
          {items.map((item) => <li key={item.label}><span>{item.label}</span><span className="tally__count">{formatNumber(item.count, locale)}</span></li>)}
        </ol>
      )}
    </div>
  );
}

/** The period in figures: five key metrics, the star breakdown as bars with their numbers, top areas. */
export function SummaryBar({ summary }: { summary: StreamSummary | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const dash = t('stream.noData');
  // On phones the breakdown and top areas fold away behind a button, so the responses come sooner.
  const [expanded, setExpanded] = useState(false);
  const rated = summary ? [1, 2, 3, 4, 5].reduce((sum, n) => sum + summary.stars[n as 1], 0) : 0;
  return (
    <Card as="section" padded={false} className="summary" aria-labelledby="summary-title" aria-busy={!summary}>
      <div className="summary__head">
        <h2 id="summary-title">{t('stream.summaryTitle')}</h2>
        {summary && <p className="summary__period">{t('stream.summaryPeriod', { from: formatDate(summary.from, locale), to: formatDate(summary.to, locale) })}</p>}
      </div>
      <dl className="metrics">
        <div className="metric"><dt>{t('stream.responses')}</dt><dd>{summary ? formatNumber(summary.responses, locale) : <Skeleton width="3rem" height="1.75rem" />}</dd></div>
        <div className="metric"><dt>{t('stream.averageStars')}</dt><dd>{summary ? (summary.star_rating_avg === null ? dash : formatNumber(summary.star_rating_avg, locale, 2)) : <Skeleton width="3rem" height="1.75rem" />}</dd></div>
        <div className="metric"><dt>{t('stream.positive')}</dt><dd>{summary ? (summary.positive_pct === null ? dash : formatPercent(summary.positive_pct, locale)) : <Skeleton width="3rem" height="1.75rem" />}<span className="metric__sub">{t('stream.positiveHint')}</span></dd></div>
        <div className="metric"><dt>{t('stream.nps')}</dt><dd>{summary ? (summary.nps === null ? dash : formatNumber(summary.nps, locale, summary.nps % 1 === 0 ? 0 : 1)) : <Skeleton width="3rem" height="1.75rem" />}
          {summary && <span className="metric__sub">{t('stream.basedOn', { count: summary.nps_responses })}</span>}</dd></div>
        <div className="metric"><dt>{t('stream.resolved')}</dt><dd>{summary ? (summary.resolved_pct === null ? dash : formatPercent(summary.resolved_pct, locale)) : <Skeleton width="3rem" height="1.75rem" />}
          {summary && <span className="metric__sub">{t('stream.basedOn', { count: summary.fcr_responses })}</span>}</dd></div>
      </dl>
      {summary && (
        <Button size="sm" variant="ghost" className="summary__toggle" aria-expanded={expanded} aria-controls="summary-detail" onClick={() => setExpanded(!expanded)}>
          {expanded ? t('stream.hideDetail') : t('stream.showDetail')}
          <Icon.ChevronDown size={14} className={expanded ? 'summary__chevron--up' : undefined} />
        </Button>
      )}
      {summary && (
        <div className="summary__detail" id="summary-detail" data-expanded={expanded}>
          <div>
            <h3>{t('stream.starBreakdown')}</h3>
            <ul className="sbars">
              {[5, 4, 3, 2, 1].map((stars) => {
                const count = summary.stars[stars as 1];
                const share = rated ? (count / rated) * 100 : 0;
                return (
                  <li key={stars} className="sbar">
                    <span className="sbar__label"><span aria-hidden="true">{stars}</span><StarIcon /><span className="sr-only">{t('stream.starRow', { stars })}</span></span>
                    <span className="sbar__track" aria-hidden="true"><span className={`sbar__fill sbar__fill--${stars}`} style={{ display: 'block', width: `${share}%` }} /></span>
                    <span className="sbar__value">{t('stream.starRowValue', { value: formatNumber(count, locale), percent: formatPercent(share, locale, 0) })}</span>
                  </li>
                );
              })}
            </ul>
          </div>
          <Tally title={t('stream.excellence')} items={summary.areas_of_excellence} />
          <Tally title={t('stream.improvement')} items={summary.areas_of_improvement} />
        </div>
      )}
    </Card>
  );
}
