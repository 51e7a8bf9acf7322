import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import type { ConnectionCreate, ConnectionCreated, ConnectionKinds } from '../../lib/api-types.ts';
import { Alert, Button, Card, TextField } from '../../ui/index.ts';
import { useCreateConnection } from './connections.queries.ts';

type Kind = ConnectionKinds['kinds'][number];

interface Draft { kind: Kind['kind']; name: string; api_base: string; api_user: string; api_token: string; signing_secret: string; mapping: string; delay: string; channel: string; brand: string }

const FIELDS = ['name', 'api_base', 'api_user', 'api_token', 'signing_secret', 'mapping', 'delay_minutes', 'channel', 'brand'] as const;

/** The field a server message names ("mapping.customer.emial: unknown field" → mapping), if any. */
function fieldOf(message: string): string | null {
  const match = /^(name|api_base|api_user|api_token|signing_secret|mapping|delay_minutes|channel|brand)\b/.exec(message);
  return match ? match[1] : null;
}

/** "Add connection": the helpdesk, a name, API access when its events name ids only, its secret, the generic mapping, delay, channel and brand. */
export function AddConnectionForm({ kinds, exampleMapping, onCreated, onCancel }: { kinds: Kind[]; exampleMapping: ConnectionKinds['example_mapping']; onCreated: (created: ConnectionCreated) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateConnection();
  const [draft, setDraft] = useState<Draft>({ kind: kinds[0]?.kind ?? 'generic', name: '', api_base: '', api_user: '', api_token: '', signing_secret: '', mapping: JSON.stringify(exampleMapping, null, 2), delay: '', channel: '', brand: '' });
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const kind = kinds.find((k) => k.kind === draft.kind) ?? kinds[0];
  const change = (patch: Partial<Draft>) => { setLocalError(null); create.reset(); setDraft((previous) => ({ ...previous, ...patch })); };

  const serverMessage = create.error ? (create.error instanceof ApiError && create.error.status ? create.error.message : t('app.networkError')) : null;
  const error = localError ?? (serverMessage ? { field: fieldOf(serverMessage) ?? '', message: serverMessage } : null);
  const errorFor = (field: (typeof FIELDS)[number]) => (error?.field === field ? error.message : null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!kind) return;
    const input: ConnectionCreate = { kind: kind.kind, name: draft.name.trim() };
    if (kind.kind !== 'generic') {
      if (draft.api_base.trim()) input.api_base = draft.api_base.trim();
      if (draft.api_user.trim()) input.api_user = draft.api_user.trim();
      if (draft.api_token) input.api_token = draft.api_token;
    }
    if (kind.secret_source !== 'none' && draft.signing_secret) input.signing_secret = draft.signing_secret;
    if (kind.kind === 'generic') {
      try {
        const mapping: unknown = JSON.parse(draft.mapping);
        if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) { setLocalError({ field: 'mapping', message: t('connections.form.mappingNotObject') }); return; }
        input.mapping = mapping as Record<string, unknown>;
      } catch (parseError) {
        setLocalError({ field: 'mapping', message: t('connections.form.mappingInvalid', { error: (parseError as Error).message }) });
        return;
      }
    }
    if (draft.delay.trim()) input.delay_minutes = Number(draft.delay);
    if (draft.channel.trim()) input.channel = draft.channel.trim();
    if (draft.brand.trim()) input.brand = draft.brand.trim();
    create.mutate(input, { onSuccess: onCreated });
  };

  const apiFields = (
    <>
      <TextField label={t('connections.form.apiBase')} type="url" inputMode="url" placeholder={t('connections.form.apiBasePlaceholder')} value={draft.api_base} maxLength={500}
        onChange={(e) => change({ api_base: e.target.value })} error={errorFor('api_base')} name="api_base" autoComplete="off" spellCheck={false} />
      <div className="conn-form__row">
        <TextField label={t('connections.form.apiUser')} hint={t('connections.form.apiUserHint')} value={draft.api_user} maxLength={500}
          onChange={(e) => change({ api_user: e.target.value })} error={errorFor('api_user')} name="api_user" autoComplete="off" spellCheck={false} />
        <TextField label={t('connections.form.apiToken')} hint={t('connections.form.apiTokenHint')} type="password" value={draft.api_token} maxLength={2000}
          onChange={(e) => change({ api_token: e.target.value })} error={errorFor('api_token')} name="api_token" autoComplete="new-password" />
      </div>
    </>
  );

  const mappingError = errorFor('mapping');
  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="conn-form">
      <div className="conn-section__head">
        <h2 id={`${id}-title`}>{t('connections.form.title')}</h2>
        <p className="conn-muted">{t('connections.form.intro')}</p>
      </div>
      <form onSubmit={submit} noValidate>
        <div className="conn-form__row">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-kind`}>{t('connections.form.kind')}</label>
            <p className="field__hint" id={`${id}-kind-hint`}>{t('connections.form.kindHint')}</p>
            <select id={`${id}-kind`} className="input" aria-describedby={`${id}-kind-hint`} value={draft.kind} onChange={(e) => change({ kind: e.target.value as Kind['kind'] })} name="kind">
              {kinds.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
            </select>
          </div>
          <TextField label={t('connections.form.name')} hint={t('connections.form.nameHint')} value={draft.name} maxLength={100} required
            onChange={(e) => change({ name: e.target.value })} error={errorFor('name')} name="name" autoComplete="off" />
        </div>

        {kind && kind.kind !== 'generic' && (kind.needs_api ? (
          <fieldset className="conn-form__group">
            <legend className="field__label">{t('connections.form.apiSection')}</legend>
            <p className="field__hint">{t('connections.form.apiHint', { label: kind.label })}</p>
            {apiFields}
          </fieldset>
        ) : (
          <details className="conn-form__more">
            <summary>{t('connections.form.apiOptional')}</summary>
            <div className="conn-form__more-body">
              <p className="field__hint">{t('connections.form.apiOptionalHint', { label: kind.label })}</p>
              {apiFields}
            </div>
          </details>
        ))}

        {kind && kind.secret_source !== 'none' && (
          <TextField label={t('connections.form.signingSecret')} type="password" autoComplete="new-password" value={draft.signing_secret} maxLength={500}
            hint={kind.secret_source === 'helpdesk' ? t('connections.form.signingSecretHelpdesk', { label: kind.label }) : t('connections.form.signingSecretOurs', { label: kind.label })}
            onChange={(e) => change({ signing_secret: e.target.value })} error={errorFor('signing_secret')} name="signing_secret" />
        )}

        {kind?.kind === 'generic' && (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-mapping`}>{t('connections.form.mapping')}</label>
            <p className="field__hint" id={`${id}-mapping-hint`}>{t('connections.form.mappingHint')}</p>
            <textarea id={`${id}-mapping`} className="input conn-code-input" rows={9} spellCheck={false} value={draft.mapping} name="mapping"
              aria-invalid={mappingError ? true : undefined} aria-describedby={[`${id}-mapping-hint`, mappingError && `${id}-mapping-error`].filter(Boolean).join(' ')}
              onChange={(e) => change({ mapping: e.target.value })} />
            {mappingError && <p className="field__error" id={`${id}-mapping-error`} role="alert">{mappingError}</p>}
          </div>
        )}

        <fieldset className="conn-form__group">
          <legend className="field__label">{t('connections.form.options')}</legend>
          <div className="conn-form__row">
            <TextField label={t('connections.form.delay')} hint={t('connections.form.delayHint')} type="number" inputMode="numeric" min={0} max={10080} value={draft.delay}
              onChange={(e) => change({ delay: e.target.value })} error={errorFor('delay_minutes')} name="delay_minutes" />
            <TextField label={t('connections.form.channel')} hint={t('connections.form.channelHint')} value={draft.channel} maxLength={100}
              onChange={(e) => change({ channel: e.target.value })} error={errorFor('channel')} name="channel" autoComplete="off" />
            <TextField label={t('connections.form.brand')} hint={t('connections.form.brandHint')} value={draft.brand} maxLength={200}
              onChange={(e) => change({ brand: e.target.value })} error={errorFor('brand')} name="brand" autoComplete="off" />
          </div>
        </fieldset>

        {error && !FIELDS.includes(error.field as (typeof FIELDS)[number]) && <Alert tone="error">{error.message}</Alert>}
        <div className="conn-actions">
          {onCancel && <Button onClick={onCancel}>{t('connections.form.cancel')}</Button>}
          <Button type="submit" variant="primary" loading={create.isPending}>{t('connections.form.submit')}</Button>
        </div>
      </form>
    </Card>
  );
}
