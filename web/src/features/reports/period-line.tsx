import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/format.ts';
import { Icon } from '../../ui/index.ts';
import { dayLabel } from './buckets.ts';
import type { DayRange } from './reports-search.ts';

/** The period's days, said plainly, and the time zone they are days of. */
export function PeriodLine({ range, timeZone }: { range: DayRange; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <p className="period-line">
      <Icon.Calendar size={14} />
      <span>{t('reports.periodDays', { from: dayLabel(range.from, locale), to: dayLabel(range.to, locale) })}</span>
      <span className="period-line__zone">{t('reports.timeZone', { zone: timeZone })}</span>
    </p>
  );
}
