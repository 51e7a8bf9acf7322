import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent, useLocale } from '../../lib/format.ts';
import { Card, Skeleton } from '../../ui/index.ts';
import { funnelQuery } from './reports.queries.ts';

const STEPS = ['delivered', 'opened_or_clicked', 'answered_follow_up', 'finished'] as const;

/** "Survey completion": how far the customers of the period's surveys got, each step as a share of those delivered. */
export function FunnelTable({ from, to }: { from: string | undefined; to: string | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const funnel = useQuery({ ...funnelQuery({ from: from ?? '', to: to ?? '' }), enabled: Boolean(from && to) });
  const data = funnel.data;
  return (
    <Card as="section" padded={false} className="panel" aria-labelledby="funnel-title">
      <div className="panel__head"><h2 id="funnel-title">{t('reports.funnel.title')}</h2></div>
      <p className="panel__body muted funnel__intro">{t('reports.funnel.intro')}</p>
      {funnel.isError ? <p className="panel__body" role="alert">{t('app.genericError')}</p>
        : !data ? <div className="panel__body"><Skeleton height="6rem" /></div> : (
          <div className="table-wrap" role="region" aria-labelledby="funnel-title" tabIndex={0}>
            <table className="table" aria-labelledby="funnel-title">
              <thead>
                <tr>
                  <th scope="col">{t('reports.funnel.step')}</th>
                  <th scope="col" className="num">{t('reports.funnel.surveys')}</th>
                  <th scope="col" className="num">{t('reports.funnel.ofDelivered')}</th>
                </tr>
              </thead>
              <tbody>
                {STEPS.map((step) => (
                  <tr key={step} data-step={step}>
                    <th scope="row">{t(`reports.funnel.steps.${step}`)}</th>
                    <td className="num">{formatNumber(data[step].count, locale)}</td>
                    <td className="num">{data[step].percent === null ? t('reports.noValue') : formatPercent(data[step].percent!, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </Card>
  );
}
