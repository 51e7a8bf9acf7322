import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportOptions } from '../../lib/api-types.ts';
import { addDays, type DayRange, type PeriodPreset } from '../../lib/report-period.ts';
import { Button, MultiSelect } from '../../ui/index.ts';
import {
  BOARD_PERIODS, DEFAULT_METRIC, DEFAULT_MIN_RESPONSES, DEFAULT_PERIOD, LEADERBOARD_METRICS, MAX_MIN_RESPONSES,
  type BoardMetric, type LeaderboardSearch,
} from './leaderboard-search.ts';

/** The minimum, typed: the URL changes once the number is whole and in range (not on every half-typed value). */
function MinResponses({ value, onChange }: { value: number; onChange: (value: number) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <div className="board-min">
      <label htmlFor={id}>{t('leaderboard.minResponses')}</label>
      <input id={id} className="input" type="number" inputMode="numeric" min={0} max={MAX_MIN_RESPONSES} step={1} value={text}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          setText(event.target.value);
          if (/^\d{1,6}$/.test(event.target.value) && Number(event.target.value) <= MAX_MIN_RESPONSES) onChange(Number(event.target.value));
        }}
        onBlur={() => setText(String(value))} />
      <span className="sr-only" id={`${id}-hint`}>{t('leaderboard.minResponsesHint')}</span>
    </div>
  );
}

/** Metric, period, team, group, channel and the minimum to be ranked: all in the URL. */
export function LeaderboardFilters({ search, options, range }: { search: LeaderboardSearch; options: ReportOptions | undefined; range: DayRange }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/reports/leaderboard' });
  const metricId = useId();
  const update = (patch: Partial<LeaderboardSearch>, replace = false) =>
    void navigate({ search: (previous: LeaderboardSearch) => ({ ...previous, ...patch }), resetScroll: false, replace });
  const period = search.period ?? DEFAULT_PERIOD;
  const metric: BoardMetric = search.metric ?? DEFAULT_METRIC;
  const setPeriod = (next: PeriodPreset) => {
    if (next === 'custom') update({ period: 'custom', from: search.from ?? range.from, to: search.to ?? range.to });
    else update({ period: next === DEFAULT_PERIOD ? undefined : next, from: undefined, to: undefined });
  };
  const common = { selectedLabel: (count: number) => t('stream.selected', { count }), clearLabel: t('stream.clear'), doneLabel: t('stream.done') };
  const numbers = (values: string[]) => (values.length ? values.map(Number) : undefined);
  const changed = Boolean(search.metric || search.period || search.team || search.group || search.channel || search.min_responses !== undefined);

  return (
    <section className="filters board-filters" aria-label={t('leaderboard.choices')}>
      <div className="board-metric">
        <label htmlFor={metricId}>{t('leaderboard.metric')}</label>
        <select id={metricId} className="input select" value={metric}
          onChange={(event) => update({ metric: event.target.value === DEFAULT_METRIC ? undefined : (event.target.value as LeaderboardSearch['metric']) })}>
          {LEADERBOARD_METRICS.map((value) => <option key={value} value={value}>{t(`leaderboard.metrics.${value}`)}</option>)}
        </select>
      </div>
      <div className="segmented" role="group" aria-label={t('leaderboard.period')}>
        {BOARD_PERIODS.map((value) => (
          <Button key={value} size="sm" aria-pressed={period === value} onClick={() => setPeriod(value)}>{t(`leaderboard.periods.${value}`)}</Button>
        ))}
      </div>
      {period === 'custom' && (
        <div className="filters__dates">
          <label htmlFor="board-from">{t('leaderboard.from')}</label>
          <input id="board-from" className="input" type="date" value={search.from ?? range.from} max={search.to ?? range.to}
            onChange={(event) => event.target.value && update({ from: event.target.value })} />
          <label htmlFor="board-to">{t('leaderboard.to')}</label>
          <input id="board-to" className="input" type="date" value={search.to ?? range.to} min={search.from ?? range.from} max={addDays(search.from ?? range.from, 3 * 366)}
            onChange={(event) => event.target.value && update({ to: event.target.value })} />
        </div>
      )}
      {options && options.teams.length > 0 && (
        <MultiSelect label={t('leaderboard.team')} options={options.teams.map((team) => ({ value: String(team.id), label: team.name }))}
          selected={(search.team ?? []).map(String)} onChange={(values) => update({ team: numbers(values) })} {...common} />
      )}
      {options && options.groups.length > 0 && (
        <MultiSelect label={t('leaderboard.group')} options={options.groups.map((group) => ({ value: String(group.id), label: group.name }))}
          selected={(search.group ?? []).map(String)} onChange={(values) => update({ group: numbers(values) })} {...common} />
      )}
      {options && options.channels.length > 0 && (
        <MultiSelect label={t('leaderboard.channel')} options={options.channels.map((channel) => ({ value: channel, label: channel }))}
          selected={search.channel ?? []} onChange={(values) => update({ channel: values.length ? values : undefined })} {...common} />
      )}
      <MinResponses value={search.min_responses ?? DEFAULT_MIN_RESPONSES}
        onChange={(value) => update({ min_responses: value === DEFAULT_MIN_RESPONSES ? undefined : value }, true)} />
      {changed && (
        <Button size="sm" variant="ghost" onClick={() => void navigate({ search: {}, resetScroll: false })}>{t('leaderboard.clearFilters')}</Button>
      )}
    </section>
  );
}
