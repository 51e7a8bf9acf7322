import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { ConnectionCreated } from '../../lib/api-types.ts';
import { formatDate, useLocale } from '../../lib/format.ts';
import { Alert, Badge, Button, Card, Dialog, Icon, SpinnerBlock } from '../../ui/index.ts';
import { CopyButton } from './copy-button.tsx';
import { ConnectionForm } from './connection-form.tsx';
import { connectionKindsQuery, connectionQuery, connectionsQuery, useRemoveConnection } from './connections.queries.ts';
import { EventsTable } from './events-table.tsx';
import { PasteValue } from './secret-field.tsx';
import { TryEvent } from './try-event.tsx';

/** One connection: what to paste into the helpdesk and how, a place to try events, its last events, and Remove. */
export function ConnectionDetail({ id, created, onRemoved }: { id: number; created: ConnectionCreated | null; onRemoved: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const headingId = useId();
  const detail = useQuery(connectionQuery(id));
  const queryClient = useQueryClient();
  // Refresh: the events here and each connection's last event in the list.
  const refresh = () => { void detail.refetch(); void queryClient.invalidateQueries({ queryKey: connectionsQuery.queryKey, exact: true }); };
  const remove = useRemoveConnection(id);
  const [confirming, setConfirming] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  const kinds = useQuery(connectionKindsQuery);
  const [editing, setEditing] = useState(false);
  // After saving: whether a new secret was generated (shown, to paste into the helpdesk).
  const [saved, setSaved] = useState<{ newSecret: boolean } | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    // Closing the editor gives the focus back to Edit.
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  if (detail.isPending) return <SpinnerBlock label={t('app.loading')} />;
  if (detail.isError) {
    return (
      <Alert tone="error">
        {errorMessage(detail.error, t('app.networkError'))}
        <Button size="sm" onClick={() => void detail.refetch()}>{t('app.retry')}</Button>
      </Alert>
    );
  }
  const { connection, signing_secret: secret, setup, sample, events } = detail.data;
  const label = connection.label;
  const removeError = remove.error ? errorMessage(remove.error, t('app.networkError')) : null;

  if (editing && kinds.data) {
    return (
      <ConnectionForm kinds={kinds.data.kinds} editing={detail.data} onCancel={() => setEditing(false)}
        onDone={(result) => { setSaved({ newSecret: result.signing_secret !== secret }); setEditing(false); }} />
    );
  }

  return (
    <div className="conn-detail">
      <div className="conn-detail__head">
        <div className="conn-detail__title">
          <h2 id={headingId}>{connection.name}</h2>
          <Badge tone="accent">{label}</Badge>
        </div>
        <div className="conn-actions">
          <Button ref={editButton} size="sm" onClick={() => { setSaved(null); setEditing(true); }} disabled={!kinds.data}><Icon.Pencil size={14} />{t('connections.edit')}</Button>
          <Button ref={removeButton} variant="danger" size="sm" onClick={() => setConfirming(true)}><Icon.Trash size={14} />{t('connections.remove')}</Button>
        </div>
      </div>

      {saved && <Alert tone="success">{saved.newSecret ? t('connections.savedNewSecret', { label }) : t('connections.saved')}</Alert>}

      {created && (
        <Alert tone="success" title={t('connections.created.title')}>
          <p>{t('connections.created.body', { label })}</p>
        </Alert>
      )}

      <Card as="section" aria-labelledby={`${headingId}-paste`} className="conn-section">
        <h3 id={`${headingId}-paste`} className="sr-only">{t('connections.details')}</h3>
        <PasteValue label={t('connections.inboundUrl')} hint={t('connections.inboundUrlHint', { label })} value={connection.inbound_url} />
        {secret ? <PasteValue label={t('connections.secret')} value={secret} secret={!created && !saved?.newSecret} testId="signing-secret" />
          : <div className="conn-value"><div className="conn-value__label">{t('connections.secret')}</div><p className="conn-muted">{t('connections.secretNone')}</p></div>}
        <dl className="conn-facts">
          {connection.api_base && <div><dt>{t('connections.apiBase')}</dt><dd className="mono conn-break">{connection.api_base}</dd></div>}
          {connection.api_user && <div><dt>{t('connections.apiUser')}</dt><dd className="conn-break">{connection.api_user}</dd></div>}
          {connection.api_base && <div><dt>{t('connections.apiToken')}</dt><dd>{connection.has_api_token ? t('connections.tokenStored') : t('connections.tokenMissing')}</dd></div>}
          {connection.delay_minutes !== null && <div><dt>{t('connections.delay')}</dt><dd>{t('connections.delayMinutes', { count: connection.delay_minutes })}</dd></div>}
          {connection.channel && <div><dt>{t('connections.channel')}</dt><dd>{connection.channel}</dd></div>}
          {connection.brand && <div><dt>{t('connections.brand')}</dt><dd>{connection.brand}</dd></div>}
          {connection.language && <div><dt>{t('connections.language')}</dt><dd>{connection.language}</dd></div>}
          <div><dt>{t('connections.created_at')}</dt><dd>{formatDate(connection.created_at, locale)}</dd></div>
        </dl>
      </Card>

      <Card as="section" aria-labelledby={`${headingId}-setup`} className="conn-section">
        <h3 id={`${headingId}-setup`}>{t('connections.setupTitle', { label })}</h3>
        <ol className="conn-steps">
          {setup.steps.map((step, index) => <li key={index}>{step}</li>)}
        </ol>
        {setup.snippets.length > 0 && (
          <div className="conn-snippets">
            {setup.snippets.map((snippet, index) => (
              <figure key={index} className="conn-snippet">
                <figcaption className="conn-snippet__head">
                  <span className="conn-snippet__label">{snippet.label}</span>
                  <CopyButton text={snippet.text} what={snippet.label} />
                </figcaption>
                <pre className="conn-snippet__code" tabIndex={0} aria-label={snippet.label}><code>{snippet.text}</code></pre>
              </figure>
            ))}
          </div>
        )}
      </Card>

      <Card as="section" aria-labelledby={`${headingId}-try`} className="conn-section">
        <h3 id={`${headingId}-try`}>{t('connections.tryTitle')}</h3>
        <TryEvent key={connection.id} connectionId={connection.id} sample={sample} label={label} />
      </Card>

      <Card as="section" aria-labelledby={`${headingId}-events`} className="conn-section conn-section--flush">
        <div className="conn-section__bar">
          <h3 id={`${headingId}-events`}>{t('connections.eventsTitle')}</h3>
          <Button size="sm" variant="ghost" onClick={refresh} loading={detail.isFetching}><Icon.Refresh size={14} />{t('connections.refresh')}</Button>
        </div>
        <EventsTable connectionId={connection.id} events={events} labelledBy={`${headingId}-events`} />
      </Card>

      <Dialog open={confirming} onOpenChange={(open) => { setConfirming(open); if (!open) remove.reset(); }} returnFocus={removeButton}
        title={t('connections.removeTitle', { name: connection.name })} description={t('connections.removeBody')}
        actions={<>
          <Button onClick={() => setConfirming(false)}>{t('connections.form.cancel')}</Button>
          <Button variant="danger-solid" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: () => { setConfirming(false); onRemoved(); } })}>{t('connections.removeConfirm')}</Button>
        </>}>
        {removeError && <Alert tone="error">{removeError}</Alert>}
      </Dialog>
    </div>
  );
}

