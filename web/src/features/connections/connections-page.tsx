import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../lib/api-client.ts';
import type { Connection, ConnectionCreated } from '../../lib/api-types.ts';
import { formatRelative, useLocale, useNow } from '../../lib/format.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Badge, Button, EmptyState, Icon, SpinnerBlock } from '../../ui/index.ts';
import { ConnectionForm } from './connection-form.tsx';
import { AlertRulesSection } from './alert-rules.tsx';
import { ConnectionDetail } from './connection-detail.tsx';
import { connectionKindsQuery, connectionsQuery } from './connections.queries.ts';
import { managesConnections } from './manages-connections.ts';
import { outcomeText, outcomeTone } from './outcome.ts';
import './connections.css';

const appRoute = getRouteApi('/app');

function ConnectionItem({ connection, current, onSelect }: { connection: Connection; current: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const last = connection.last_event;
  return (
    <button type="button" className="conn-item" aria-current={current ? 'true' : undefined} onClick={onSelect}>
      <span className="conn-item__kind">{connection.label}</span>
      <span className="conn-item__name">{connection.name}</span>
      <span className="conn-item__last">
        {last ? <>
          <Badge tone={outcomeTone(last.status)}>{outcomeText(t, last.status)}</Badge>
          <time dateTime={last.received_at}>{formatRelative(last.received_at, locale, now)}</time>
        </> : <span className="conn-muted">{t('connections.noEvents')}</span>}
      </span>
    </button>
  );
}

/** `/settings/connections` (admins): helpdesk connections, how to set each up, test events and what became of the last events. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('connections.title'));
  const { session } = appRoute.useRouteContext();
  const allowed = managesConnections(session.employee);
  const connections = useQuery({ ...connectionsQuery, enabled: allowed });
  const kinds = useQuery({ ...connectionKindsQuery, enabled: allowed });
  const [selected, setSelected] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<ConnectionCreated | null>(null);
  const [removed, setRemoved] = useState(false);
  const list = connections.data?.connections ?? [];
  const current = list.find((c) => c.id === selected) ?? list[0];
  const showForm = adding || (connections.isSuccess && list.length === 0 && kinds.isSuccess);
  const failed = connections.error ?? kinds.error;
  const refused = failed instanceof ApiError && failed.status === 403;

  const select = (id: number) => { setSelected(id); setAdding(false); setCreated(null); setRemoved(false); };

  return (
    <div className="connections">
      <div className="page-header">
        <div>
          <h1>{t('connections.title')}</h1>
          <p className="page-header__sub">{t('connections.subtitle')}</p>
        </div>
        {allowed && connections.isSuccess && list.length > 0 && !adding && (
          <Button variant="primary" onClick={() => { setAdding(true); setCreated(null); setRemoved(false); }}><Icon.Plus size={16} />{t('connections.add')}</Button>
        )}
      </div>
      {!allowed || refused ? <Alert tone="info">{t('connections.adminsOnly')}</Alert>
        : connections.isPending || kinds.isPending ? <SpinnerBlock label={t('app.loading')} />
        : failed ? (
          <Alert tone="error">
            {errorMessage(failed, t('app.networkError'))}
            <Button size="sm" onClick={() => { void connections.refetch(); void kinds.refetch(); }}>{t('app.retry')}</Button>
          </Alert>
        ) : (
          <>
            {removed && <Alert tone="success">{t('connections.removed')}</Alert>}
            <div className={list.length > 0 ? 'conn-layout' : 'conn-layout conn-layout--single'}>
              {list.length > 0 && (
                <nav className="conn-list" aria-label={t('connections.listLabel')}>
                  <ul role="list">
                    {list.map((c) => (
                      <li key={c.id}><ConnectionItem connection={c} current={!showForm && c.id === current?.id} onSelect={() => select(c.id)} /></li>
                    ))}
                  </ul>
                </nav>
              )}
              <div className="conn-main">
                {list.length === 0 && (
                  <div className="conn-empty">
                    <EmptyState title={t('connections.emptyTitle')} icon={<Icon.Plug size={22} />}>{t('connections.emptyBody')}</EmptyState>
                  </div>
                )}
                {showForm ? (
                  <ConnectionForm kinds={kinds.data?.kinds ?? []} exampleMapping={kinds.data?.example_mapping ?? {}} onCancel={list.length > 0 ? () => setAdding(false) : undefined}
                    onDone={(made) => { setCreated(made); setSelected(made.id); setAdding(false); setRemoved(false); }} />
                ) : current ? (
                  <ConnectionDetail key={current.id} id={current.id} created={created?.id === current.id ? created : null}
                    onRemoved={() => { setSelected(null); setCreated(null); setRemoved(true); }} />
                ) : null}
              </div>
            </div>
            <AlertRulesSection />
          </>
        )}
    </div>
  );
}
