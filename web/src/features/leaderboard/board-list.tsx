import { useTranslation } from 'react-i18next';
import type { Leaderboard } from '../../lib/api-types.ts';
import { useLocale } from '../../lib/format.ts';
import { countsRatings, formatMetric, scaleOf } from './board-format.ts';
import type { BoardMetric } from './leaderboard-search.ts';

type Entry = Leaderboard['ranked'][number];

/** A medal with the place in it: the top three differ from the rest by shape and number, not by colour alone. */
function Medal({ rank }: { rank: number }) {
  return (
    <svg className={`medal medal--${rank}`} viewBox="0 0 40 48" aria-hidden="true" focusable="false">
      <path className="medal__ribbon" d="M9 0h9l5 14h-9zM31 0h-9l-5 14h9z" />
      <circle className="medal__disc" cx="20" cy="29" r="17" />
      <circle className="medal__ring" cx="20" cy="29" r="13" />
      <text className="medal__number" x="20" y="29" textAnchor="middle" dominantBaseline="central">{rank}</text>
    </svg>
  );
}

/**
 * The ranked agents, best first, with the rank the server gave (equal values share one: 1, 2, 2, 4).
 * `variant` "tv" is the large-type board of TV mode.
 */
export function RankedList({ entries, metric, variant = 'page', columns = 1 }: { entries: Entry[]; metric: BoardMetric; variant?: 'page' | 'tv'; columns?: 1 | 2 }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const count = (n: number) => (countsRatings(metric) ? t('leaderboard.ratings', { count: n }) : t('leaderboard.answers', { count: n }));
  return (
    // On a TV the rows share the screen's height: 10 rows a column, or 6 (larger type) for a short board.
    <ol className={`board board--${variant}${columns === 2 ? ' board--two' : ''}${variant === 'tv' && entries.length <= 6 ? ' board--roomy' : ''}`}
      style={variant === 'tv' ? ({ '--board-rows': entries.length <= 6 ? 6 : 10 } as React.CSSProperties) : undefined}
      role="list" aria-label={t('leaderboard.ranking')}>
      {entries.map((entry, index) => {
        const rank = entry.rank ?? index + 1;
        const tied = entries[index - 1]?.rank === rank || entries[index + 1]?.rank === rank;
        const podium = rank <= 3;
        const place = rank === 1 ? t('leaderboard.place1') : rank === 2 ? t('leaderboard.place2') : rank === 3 ? t('leaderboard.place3') : null;
        return (
          <li key={entry.employee.id} className={podium ? `board__row board__row--podium board__row--${rank}` : 'board__row'}>
            <span className="board__rank">
              {podium ? <Medal rank={rank} /> : <span className="board__rank-number" aria-hidden="true">{rank}</span>}
              <span className="sr-only">{tied ? t('leaderboard.tiedLabel', { rank }) : t('leaderboard.rankLabel', { rank })}{place ? `, ${place}` : ''}: </span>
              {tied && <span className="board__tied" aria-hidden="true">{t('leaderboard.tied')}</span>}
            </span>
            <span className="board__who">
              <span className="board__name">{entry.employee.name}</span>
              <span className="board__count">{count(entry.responses)}</span>
            </span>
            <span className="board__bar" aria-hidden="true">
              {entry.value !== null && <span className="board__fill" style={{ width: `${Math.max(2, scaleOf(metric, entry.value) * 100)}%` }} />}
            </span>
            <span className="board__value">{entry.value === null ? t('leaderboard.noValue') : formatMetric(metric, entry.value, locale)}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** Agents below the minimum, by name, with what they have so far. */
export function UnrankedList({ entries, metric }: { entries: Entry[]; metric: BoardMetric }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const count = (n: number) => (countsRatings(metric) ? t('leaderboard.ratings', { count: n }) : t('leaderboard.answers', { count: n }));
  return (
    <ul className="unranked" role="list">
      {entries.map((entry) => (
        <li key={entry.employee.id} className="unranked__row">
          <span className="unranked__name">{entry.employee.name}</span>
          <span className="unranked__detail">
            {count(entry.responses)}
            {entry.value !== null && <> · {formatMetric(metric, entry.value, locale)}</>}
          </span>
        </li>
      ))}
    </ul>
  );
}
