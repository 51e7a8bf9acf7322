import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Button, Icon, MultiSelect, Switch } from '../../ui/index.ts';
import { reportOptionsQuery } from '../reports/reports.queries.ts';
import { hasFilters, isInstant, type Period, type StreamSearch } from './stream-search.ts';
import { streamOptionsQuery } from './stream.queries.ts';

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A custom bound for a date input: the day itself, or the reader's day of an exact instant (from a report). */
function inputDay(value: string | undefined): string {
  return value === undefined ? '' : isInstant(value) ? isoDay(new Date(value)) : value;
}

/**
 * The filters a report's figure opens the Stream with that have no control of their own (groups,
 * tags, first surveys or recoveries only): shown as chips, each removable.
 */
function DrilldownChips({ search, update }: { search: StreamSearch; update: (patch: Partial<StreamSearch>) => void }) {
  const { t } = useTranslation();
  const groups = useQuery({ ...reportOptionsQuery, enabled: Boolean(search.group) }).data?.groups;
  const chips: { key: string; label: string; remove: Partial<StreamSearch> }[] = [];
  for (const id of search.group ?? []) {
    const rest = search.group!.filter((g) => g !== id);
    chips.push({ key: `g${id}`, label: t('reports.chipGroup', { name: groups?.find((g) => g.id === id)?.name ?? `#${id}` }), remove: { group: rest.length ? rest : undefined } });
  }
  for (const tag of search.tag ?? []) {
    const rest = search.tag!.filter((other) => other !== tag);
    chips.push({ key: `t${tag}`, label: t('reports.chipTag', { name: tag }), remove: { tag: rest.length ? rest : undefined } });
  }
  if (search.recovery !== undefined) chips.push({ key: 'recovery', label: search.recovery ? t('reports.chipRecoveriesOnly') : t('reports.chipFirstOnly'), remove: { recovery: undefined } });
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label={t('reports.chipsLabel')}>
      {chips.map((chip) => (
        <li key={chip.key} className="chip">
          <span>{chip.label}</span>
          <button type="button" className="chip__remove" aria-label={t('reports.chipRemove', { name: chip.label })} onClick={() => update(chip.remove)}>
            <Icon.X size={12} />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Period, channel, brand, stars, with comment; agent and team when the server offers any. All in the URL. */
export function StreamFilters({ search }: { search: StreamSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/' });
  const options = useQuery(streamOptionsQuery).data;
  const update = (patch: Partial<StreamSearch>) =>
    void navigate({ search: (previous: StreamSearch) => ({ ...previous, ...patch }), resetScroll: false });
  const period: Period = search.period ?? '30';
  const setPeriod = (next: Period) => {
    if (next === 'custom') {
      const from = new Date();
      from.setDate(from.getDate() - 30);
      update({ period: 'custom', from: search.from ?? isoDay(from), to: search.to ?? isoDay(new Date()) });
    } else update({ period: next === '30' ? undefined : next, from: undefined, to: undefined });
  };
  const common = {
    selectedLabel: (count: number) => t('stream.selected', { count }),
    clearLabel: t('stream.clear'),
    doneLabel: t('stream.done'),
  };
  const numbers = (values: string[]) => (values.length ? values.map(Number) : undefined);
  const labels: Record<Period, string> = { '7': t('stream.last7'), '30': t('stream.last30'), '90': t('stream.last90'), custom: t('stream.custom') };

  return (
    <section className="filters" aria-label={t('stream.filters')}>
      <div className="segmented" role="group" aria-label={t('stream.period')}>
        {(['7', '30', '90', 'custom'] as Period[]).map((value) => (
          <Button key={value} size="sm" aria-pressed={period === value} onClick={() => setPeriod(value)}>{labels[value]}</Button>
        ))}
      </div>
      {period === 'custom' && (
        <div className="filters__dates">
          <label htmlFor="filter-from">{t('stream.from')}</label>
          <input id="filter-from" className="input" type="date" value={inputDay(search.from)} max={inputDay(search.to) || undefined}
            onChange={(event) => event.target.value && update({ from: event.target.value })} />
          <label htmlFor="filter-to">{t('stream.to')}</label>
          <input id="filter-to" className="input" type="date" value={inputDay(search.to)} min={inputDay(search.from) || undefined}
            onChange={(event) => update({ to: event.target.value || undefined })} />
        </div>
      )}
      <span className="filters__sep" aria-hidden="true" />
      {options && options.channels.length > 0 && (
        <MultiSelect label={t('stream.channel')} options={options.channels.map((c) => ({ value: c, label: c }))}
          selected={search.channel ?? []} onChange={(values) => update({ channel: values.length ? values : undefined })} {...common} />
      )}
      {options && options.brands.length > 0 && (
        <MultiSelect label={t('stream.brand')} options={options.brands.map((b) => ({ value: String(b.id), label: b.name }))}
          selected={(search.brand ?? []).map(String)} onChange={(values) => update({ brand: numbers(values) })} {...common} />
      )}
      <MultiSelect label={t('stream.stars')} options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t('stream.starsOption', { count: n }) }))}
        selected={(search.stars ?? []).map(String)} onChange={(values) => update({ stars: numbers(values)?.sort() })} {...common} />
      {options && options.agents.length > 0 && (
        <MultiSelect label={t('stream.agent')} options={options.agents.map((a) => ({ value: String(a.id), label: a.name }))}
          selected={(search.agent ?? []).map(String)} onChange={(values) => update({ agent: numbers(values) })} {...common} />
      )}
      {options && options.teams.length > 0 && (
        <MultiSelect label={t('stream.team')} options={options.teams.map((a) => ({ value: String(a.id), label: a.name }))}
          selected={(search.team ?? []).map(String)} onChange={(values) => update({ team: numbers(values) })} {...common} />
      )}
      <DrilldownChips search={search} update={update} />
      <Switch label={t('stream.withComment')} checked={Boolean(search.comment)} onChange={(checked) => update({ comment: checked ? true : undefined })} />
      {hasFilters(search) && (
        <Button size="sm" variant="ghost" onClick={() => void navigate({ search: {}, resetScroll: false })}>{t('stream.clearFilters')}</Button>
      )}
    </section>
  );
}

/** Whether new responses are arriving by themselves (the live connection is open). */
export function LiveIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <p className={connected ? 'live' : 'live live--off'} title={t('stream.liveHint')}>
      <span className="live__dot" aria-hidden="true" />
      {connected ? t('stream.live') : t('stream.offline')}
      <span className="sr-only">: {t('stream.liveHint')}</span>
    </p>
  );
}
