import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { ConnectionTryResult } from '../../lib/api-types.ts';
import { Alert, Badge, Button } from '../../ui/index.ts';
import { useTryEvent } from './connections.queries.ts';
import { outcomeText, outcomeTone } from './outcome.ts';

/** The request's fields as rows: nested objects as dotted paths (customer.email), lists joined. */
export function requestRows(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return prefix ? [[prefix, '—']] : [];
  if (Array.isArray(value)) return [[prefix, value.every((item) => typeof item !== 'object' || item === null) ? value.join(', ') : JSON.stringify(value)]];
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => requestRows(inner, prefix ? `${prefix}.${key}` : key));
  return [[prefix, String(value)]];
}

function Outcome({ result, mode }: { result: ConnectionTryResult; mode: 'dry-run' | 'test-event' }) {
  const { t } = useTranslation();
  const id = useId();
  const rows = requestRows(result.request);
  return (
    <section className="conn-result" aria-labelledby={id}>
      <div className="conn-result__head">
        <h4 id={id}>{mode === 'dry-run' ? t('connections.previewTitle') : t('connections.testTitle')}</h4>
        <Badge tone={outcomeTone(result.outcome)}>{outcomeText(t, result.outcome)}</Badge>
        {result.event_type && <span className="mono conn-muted conn-break">{result.event_type}</span>}
        {result.event_key && <span className="mono conn-muted conn-break">{result.event_key}</span>}
      </div>
      {result.request_id && (
        <p className="conn-result__line"><span className="conn-muted">{t('connections.requestId')}:</span> <span className="mono conn-break">{result.request_id}</span></p>
      )}
      {result.reason && (
        <p className="conn-result__line"><span className="conn-muted">{t('connections.reason')}:</span> {result.reason}</p>
      )}
      {result.errors.length > 0 && (
        <div>
          <p className="conn-muted">{t('connections.errors')}</p>
          <ul className="conn-result__errors">{result.errors.map((error) => <li key={error}>{error}</li>)}</ul>
        </div>
      )}
      {rows.length > 0 && (
        <table className="conn-kv">
          <caption>{result.outcome === 'request' ? t('connections.wouldCreate') : t('connections.madeRequest')}</caption>
          <thead><tr><th scope="col">{t('connections.requestField')}</th><th scope="col">{t('connections.requestValue')}</th></tr></thead>
          <tbody>{rows.map(([field, value]) => <tr key={field}><th scope="row" className="mono">{field}</th><td className="conn-break">{value}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

/** "Try an event": a pasted body (prefilled with the sample), previewed as the request it would make, or sent as a test event. */
export function TryEvent({ connectionId, sample, label }: { connectionId: number; sample: unknown; label: string }) {
  const { t } = useTranslation();
  const id = useId();
  const sampleText = JSON.stringify(sample ?? {}, null, 2);
  const [text, setText] = useState(sampleText);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [shown, setShown] = useState<'dry-run' | 'test-event' | null>(null);
  const preview = useTryEvent(connectionId, 'dry-run');
  const test = useTryEvent(connectionId, 'test-event');

  const run = (mode: 'dry-run' | 'test-event') => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      setInvalid(t('connections.tryInvalid', { error: (error as Error).message }));
      return;
    }
    setInvalid(null);
    setShown(mode);
    (mode === 'dry-run' ? preview : test).mutate(body);
  };
  const current = shown === 'dry-run' ? preview : shown === 'test-event' ? test : null;
  const failure = current?.error ? errorMessage(current.error, t('app.networkError')) : null;

  return (
    <div className="conn-try">
      <p className="conn-muted">{t('connections.tryIntro', { label })}</p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-body`}>{t('connections.tryBody')}</label>
        <textarea id={`${id}-body`} className="input conn-code-input" rows={12} spellCheck={false} value={text}
          aria-invalid={invalid ? true : undefined} aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => { setText(e.target.value); setInvalid(null); }} />
        {invalid && <p className="field__error" id={`${id}-error`} role="alert">{invalid}</p>}
      </div>
      <div className="conn-actions conn-actions--start">
        <Button onClick={() => run('dry-run')} loading={preview.isPending}>{t('connections.preview')}</Button>
        <Button variant="primary" onClick={() => run('test-event')} loading={test.isPending}>{t('connections.sendTest')}</Button>
        {text !== sampleText && <Button variant="ghost" onClick={() => { setText(sampleText); setInvalid(null); }}>{t('connections.resetSample')}</Button>}
      </div>
      <div aria-live="polite">
        {failure && <Alert tone="error">{failure}</Alert>}
        {current?.data && shown && <Outcome result={current.data} mode={shown} />}
      </div>
    </div>
  );
}
