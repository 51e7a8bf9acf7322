import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ReportOptions } from '../../lib/api-types.ts';
import { addDays, type DayRange, type PeriodPreset } from '../../lib/report-period.ts';
import { Button, MultiSelect } from '../../ui/index.ts';
import { DEFAULT_RECOVERY_PERIOD, RECOVERY_PERIODS, type RecoverySearch } from './recovery-search.ts';

/** Period, team and channel of the service recovery report, in the URL. */
export function RecoveryFilters({ search, options, range }: { search: RecoverySearch; options: ReportOptions | undefined; range: DayRange }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/reports/recovery' });
  const update = (patch: Partial<RecoverySearch>) => void navigate({ search: (previous: RecoverySearch) => ({ ...previous, ...patch }), resetScroll: false });
  const period = search.period ?? DEFAULT_RECOVERY_PERIOD;
  const setPeriod = (next: PeriodPreset) => {
    if (next === 'custom') update({ period: 'custom', from: search.from ?? range.from, to: search.to ?? range.to });
    else update({ period: next === DEFAULT_RECOVERY_PERIOD ? undefined : next, from: undefined, to: undefined });
  };
  const common = { selectedLabel: (count: number) => t('stream.selected', { count }), clearLabel: t('stream.clear'), doneLabel: t('stream.done') };
  const filtered = Boolean(search.period || search.team || search.channel);
  return (
    <section className="filters" aria-label={t('recovery.choices')}>
      <div className="segmented" role="group" aria-label={t('recovery.period')}>
        {RECOVERY_PERIODS.map((value) => (
          <Button key={value} size="sm" aria-pressed={period === value} onClick={() => setPeriod(value)}>{t(`recovery.periods.${value}`)}</Button>
        ))}
      </div>
      {period === 'custom' && (
        <div className="filters__dates">
          <label htmlFor="recovery-from">{t('recovery.from')}</label>
          <input id="recovery-from" className="input" type="date" value={search.from ?? range.from} max={search.to ?? range.to}
            onChange={(event) => event.target.value && update({ from: event.target.value })} />
          <label htmlFor="recovery-to">{t('recovery.to')}</label>
          <input id="recovery-to" className="input" type="date" value={search.to ?? range.to} min={search.from ?? range.from} max={addDays(search.from ?? range.from, 3 * 366)}
            onChange={(event) => event.target.value && update({ to: event.target.value })} />
        </div>
      )}
      <span className="filters__sep" aria-hidden="true" />
      {options && options.teams.length > 0 && (
        <MultiSelect label={t('recovery.team')} options={options.teams.map((team) => ({ value: String(team.id), label: team.name }))}
          selected={(search.team ?? []).map(String)} onChange={(values) => update({ team: values.length ? values.map(Number) : undefined })} {...common} />
      )}
      {options && options.channels.length > 0 && (
        <MultiSelect label={t('recovery.channel')} options={options.channels.map((channel) => ({ value: channel, label: channel }))}
          selected={search.channel ?? []} onChange={(values) => update({ channel: values.length ? values : undefined })} {...common} />
      )}
      {filtered && (
        <Button size="sm" variant="ghost" onClick={() => void navigate({ search: (previous: RecoverySearch) => ({ view: previous.view }), resetScroll: false })}>{t('recovery.clearFilters')}</Button>
      )}
    </section>
  );
}
