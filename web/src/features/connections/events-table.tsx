import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { ConnectionEvent } from '../../lib/api-types.ts';
import { formatDateTime, formatRelative, useLocale, useNow } from '../../lib/format.ts';
import { Badge, Button } from '../../ui/index.ts';
import { useRetryEvent } from './connections.queries.ts';
import { outcomeText, outcomeTone } from './outcome.ts';

/** Runs a refused or failed event again (its cause fixed); the row then shows what it became. */
function RetryButton({ connectionId, event }: { connectionId: number; event: ConnectionEvent }) {
  const { t } = useTranslation();
  const retry = useRetryEvent(connectionId);
  const failed = retry.error ? errorMessage(retry.error, t('app.networkError')) : null;
  return (
    <span className="conn-events__retry">
      <Button size="sm" loading={retry.isPending} onClick={() => retry.mutate(event.id)}
        aria-label={t('connections.retryEvent', { event: event.event_key ?? event.event_type })}>{t('connections.retry')}</Button>
      {failed && <span className="field__error" role="alert">{failed}</span>}
    </span>
  );
}

/** A connection's last events: when, what, its key, what became of it (colour-coded), why (with Retry where it can be run again), and how often it was delivered. */
export function EventsTable({ connectionId, events, labelledBy }: { connectionId: number; events: ConnectionEvent[]; labelledBy: string }) {
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
              {event.retryable && <RetryButton connectionId={connectionId} event={event} />}
            </td>
            <td data-label={t('connections.deliveries')} className="conn-events__num">{event.deliveries}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
