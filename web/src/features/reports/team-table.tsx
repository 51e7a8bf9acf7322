import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/format.ts';
import type { ReportFigures } from '../../lib/api-types.ts';
import { Icon } from '../../ui/index.ts';
import { drillable, streamSearchFor } from './drilldown.ts';
import { figureOf, formatFigure } from './figures.ts';
import { METRICS, type DayRange, type Metric, type ReportFilters, type SortKey } from './reports-search.ts';

export interface AgentRow { id: number; name: string; figures: ReportFigures | null }

/** Rows sorted by a column; empty figures always last, then by name. */
export function sortRows(rows: AgentRow[], key: SortKey, dir: 'asc' | 'desc', locale: string): AgentRow[] {
  const byName = (a: AgentRow, b: AgentRow) => a.name.localeCompare(b.name, locale);
  return [...rows].sort((a, b) => {
    if (key === 'name') return dir === 'asc' ? byName(a, b) : byName(b, a);
    const x = figureOf(a.figures, key);
    const y = figureOf(b.figures, key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return (dir === 'asc' ? x - y : y - x) || byName(a, b);
  });
}

/**
 * One row per agent, sortable by every column (a button in each header; aria-sort says the
 * order), every figure a link to the responses behind it.
 */
export function TeamTable({ rows, total, sort, dir, onSort, filters, range, timeZone }: {
  rows: AgentRow[];
  /** Everyone's figures together (a footer row). */
  total: ReportFigures;
  sort: SortKey;
  dir: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
  filters: ReportFilters;
  range: DayRange;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const header = (key: SortKey, label: string, numeric: boolean) => {
    const active = sort === key;
    return (
      <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" data-active={active} onClick={() => onSort(key)}>
          {label}
          <Icon.ChevronDown size={12} className={`sort__icon${active && dir === 'asc' ? ' sort__icon--up' : ''}`} />
        </button>
      </th>
    );
  };
  const cell = (row: AgentRow, metric: Metric) => {
    const value = figureOf(row.figures, metric);
    const shown = formatFigure(metric, value, locale, t('reports.noValue'));
    if (!row.figures || !drillable(metric) || row.figures.responses === 0 || value === null) return shown;
    return (
      <Link to="/" search={streamSearchFor(filters, range, timeZone, metric, row.id ? { employee: row.id } : {})} className="figure-link"
        aria-label={`${row.name}, ${t('reports.openStream', { metric: t(`reports.metrics.${metric}`), value: shown })}`}>{shown}</Link>
    );
  };
  return (
    <div className="table-wrap team-table" role="region" aria-labelledby="team-title" tabIndex={0}>
      <table className="table table--sticky">
        <thead>
          <tr>
            {header('name', t('reports.agent'), false)}
            {METRICS.map((metric) => header(metric, t(`reports.metrics.${metric}`), true))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-empty={!row.figures || row.figures.responses === 0 || undefined}>
              <th scope="row">{row.name}</th>
              {METRICS.map((metric) => <td key={metric} className="num">{cell(row, metric)}</td>)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('reports.total')}</th>
            {METRICS.map((metric) => <td key={metric} className="num">{cell({ id: 0, name: t('reports.total'), figures: total }, metric)}</td>)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
