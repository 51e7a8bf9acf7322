import { useTranslation } from 'react-i18next';
import type { ConnectionEvent } from '../../lib/api-types.ts';
import { formatDateTime, formatRelative, useLocale, useNow } from '../../lib/format.ts';
import { Badge } from '../../ui/index.ts';
import { outcomeText, outcomeTone } from './outcome.ts';

/** A connection's last events: when, what, its key, what became of it (colour-coded), why, and how often it was delivered. */
export function EventsTable({ events, labelledBy }: { events: ConnectionEvent[]; labelledBy: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  if (events.length === 0) return <p className="conn-muted conn-events__empty">{t('connections.eventsEmpty')}</p>;
  return (
    <div className="conn-events-wrap">
    <table className="conn-events" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('connections.time')}</th>
          <th scope="col">{t('connections.type')}</th>
          <th scope="col">{t('connections.key')}</th>
          <th scope="col">{t('connections.outcome')}</th>
          <th scope="col">{t('connections.detail')}</th>
          <th scope="col" className="conn-events__num">{t('connections.deliveries')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td data-label={t('connections.time')}>
              <time dateTime={event.received_at} title={formatDateTime(event.received_at, locale)}>{formatRelative(event.received_at, locale, now)}</time>
            </td>
            <td data-label={t('connections.type')} className="mono">{event.event_type}</td>
            <td data-label={t('connections.key')} className="mono conn-events__key">{event.event_key ?? '—'}</td>
            <td data-label={t('connections.outcome')}>
              <span className="conn-badges">
                <Badge tone={outcomeTone(event.status)}>{outcomeText(t, event.status)}</Badge>
                {event.is_test && <Badge tone="accent">{t('connections.test')}</Badge>}
              </span>
            </td>
            <td data-label={t('connections.detail')} className="conn-break">
              {event.detail ?? ''}
              {event.request_id && <span className="conn-events__request mono">{event.request_id}</span>}
              {!event.detail && !event.request_id && '—'}
            </td>
            <td data-label={t('connections.deliveries')} className="conn-events__num">{event.deliveries}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
