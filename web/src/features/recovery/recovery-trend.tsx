import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatNumber, useLocale } from '../../lib/format.ts';
import type { RecoveryFigures } from './recovery-figures.ts';

export interface WeekPoint { week: string; label: string; figures: RecoveryFigures }

const AXIS = { fontSize: 12, fill: 'var(--color-text-muted)' };

/**
 * The weekly trend as two charts (recharts): recoveries sent and answered, and the average stars
 * before and after. Decorative for assistive technology: the caption sums it up and the table view
 * has every number. Clicking a week's bars opens its answered recoveries in the Stream.
 */
export function RecoveryCharts({ weeks, onOpenWeek }: { weeks: WeekPoint[]; onOpenWeek: (week: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const data = weeks.map((point) => ({
    week: point.week,
    label: point.label,
    sent: point.figures.sent,
    answered: point.figures.answered,
    before: point.figures.before,
    after: point.figures.after,
  }));
  const tooltip = {
    contentStyle: { background: 'var(--color-surface-raised)', border: '1px solid var(--color-border)', borderRadius: 8, fontSize: 13, color: 'var(--color-text)' },
    labelStyle: { fontWeight: 600, color: 'var(--color-text)' },
    cursor: { fill: 'var(--color-surface-sunken)' },
  };
  const open = (entry: unknown) => {
    const week = (entry as { payload?: { week?: string } } | undefined)?.payload?.week;
    if (week) onOpenWeek(week);
  };
  return (
    <div className="rtrend__charts" aria-hidden="true">
      <div className="rtrend__chart">
        <h3 className="rtrend__chart-title">{t('recovery.volumeChart')}</h3>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--color-border)" />
            <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={{ stroke: 'var(--color-border)' }} minTickGap={12} />
            <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} width={48} />
            <Tooltip {...tooltip} formatter={(value) => formatNumber(Number(value), locale)} />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            <Bar dataKey="sent" name={t('recovery.sent')} fill="var(--color-border-strong)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Bar dataKey="answered" name={t('recovery.answered')} fill="var(--color-accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} cursor="pointer" onClick={open} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="rtrend__chart">
        <h3 className="rtrend__chart-title">{t('recovery.ratingChart')}</h3>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--color-border)" />
            <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={{ stroke: 'var(--color-border)' }} minTickGap={12} />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} tick={AXIS} tickLine={false} axisLine={false} width={48} />
            <Tooltip {...tooltip} cursor={{ stroke: 'var(--color-border-strong)' }} formatter={(value) => (value === null || value === undefined ? '—' : formatNumber(Number(value), locale, 2))} />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            <Line dataKey="before" name={t('recovery.before')} stroke="var(--color-negative)" strokeWidth={2} strokeDasharray="5 4" dot={{ r: 3 }} connectNulls isAnimationActive={false} />
            <Line dataKey="after" name={t('recovery.after')} stroke="var(--color-positive)" strokeWidth={2.5} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
