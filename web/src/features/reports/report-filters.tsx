import { useTranslation } from 'react-i18next';
import type { ReportOptions } from '../../lib/api-types.ts';
import { Button, MultiSelect } from '../../ui/index.ts';
import { hasReportFilters, isoDay, PERIODS, type DayRange, type ReportFilters, type ReportPeriod } from './reports-search.ts';

/**
 * The period (presets or custom days in the company's time zone) and the multi-valued filters of
 * the reports, each offered only when the viewer has a choice. Everything lives in the URL.
 */
export function ReportFiltersBar({ search, options, range, update }: {
  search: ReportFilters;
  options: ReportOptions | undefined;
  range: DayRange | undefined;
  update: (patch: Partial<ReportFilters>) => void;
}) {
  const { t } = useTranslation();
  const period: ReportPeriod = search.period ?? '30';
  const labels: Record<ReportPeriod, string> = {
    '7': t('reports.last7'), '30': t('reports.last30'), '90': t('reports.last90'),
    'this-month': t('reports.thisMonth'), 'last-month': t('reports.lastMonth'), custom: t('reports.custom'),
  };
  const setPeriod = (next: ReportPeriod) => {
    if (next === 'custom') update({ period: 'custom', from: search.from ?? (range ? isoDay(range.from) : undefined), to: search.to ?? (range ? isoDay(range.to) : undefined) });
    else update({ period: next === '30' ? undefined : next, from: undefined, to: undefined });
  };
  const common = { selectedLabel: (count: number) => t('reports.selected', { count }), clearLabel: t('reports.clear'), doneLabel: t('reports.done') };
  const numbers = (values: string[]) => (values.length ? values.map(Number) : undefined);
  const strings = (values: string[]) => (values.length ? values : undefined);
  const select = (key: 'team' | 'group' | 'brand' | 'employee', label: string, choices: { id: number; name: string }[]) =>
    choices.length > 0 && (
      <MultiSelect label={label} options={choices.map((c) => ({ value: String(c.id), label: c.name }))}
        selected={(search[key] ?? []).map(String)} onChange={(values) => update({ [key]: numbers(values) })} {...common} />
    );
  const others = options ? options.employees.length > 1 : false;

  return (
    <section className="filters report-filters" aria-label={t('reports.filters')}>
      <div className="segmented segmented--wrap" role="group" aria-label={t('reports.period')}>
        {PERIODS.map((value) => (
          <Button key={value} size="sm" aria-pressed={period === value} onClick={() => setPeriod(value)}>{labels[value]}</Button>
        ))}
      </div>
      {period === 'custom' && (
        <div className="filters__dates">
          <label htmlFor="report-from">{t('reports.from')}</label>
          <input id="report-from" className="input" type="date" value={search.from ?? ''} max={search.to}
            onChange={(event) => event.target.value && update({ from: event.target.value })} />
          <label htmlFor="report-to">{t('reports.to')}</label>
          <input id="report-to" className="input" type="date" value={search.to ?? ''} min={search.from}
            onChange={(event) => event.target.value && update({ to: event.target.value })} />
        </div>
      )}
      <span className="filters__sep" aria-hidden="true" />
      {options && (
        <>
          {select('team', t('reports.team'), options.teams)}
          {select('group', t('reports.group'), options.groups)}
          {options.channels.length > 0 && (
            <MultiSelect label={t('reports.channel')} options={options.channels.map((c) => ({ value: c, label: c }))}
              selected={search.channel ?? []} onChange={(values) => update({ channel: strings(values) })} {...common} />
          )}
          {select('brand', t('reports.brand'), options.brands.map((b) => ({ id: b.id, name: b.display_name || b.name })))}
          {options.tags.length > 0 && (
            <MultiSelect label={t('reports.tag')} options={options.tags.map((tag) => ({ value: tag, label: tag }))}
              selected={search.tag ?? []} onChange={(values) => update({ tag: strings(values) })} {...common} />
          )}
          {others && select('employee', t('reports.employee'), options.employees)}
        </>
      )}
      {hasReportFilters(search) && (
        <Button size="sm" variant="ghost" onClick={() => update({ team: undefined, group: undefined, channel: undefined, brand: undefined, tag: undefined, employee: undefined })}>
          {t('reports.clearFilters')}
        </Button>
      )}
    </section>
  );
}
