import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { ConnectionCreate, ConnectionCreated, ConnectionDetail, ConnectionKinds, ConnectionUpdate } from '../../lib/api-types.ts';
import { Alert, Button, Card, Switch, TextField } from '../../ui/index.ts';
import { useCreateConnection, useUpdateConnection } from './connections.queries.ts';

type Kind = ConnectionKinds['kinds'][number];

interface Draft { kind: Kind['kind']; name: string; api_base: string; api_user: string; api_token: string; signing_secret: string; new_secret: boolean; mapping: string; delay: string; channel: string; brand: string; language: string }

const FIELDS = ['name', 'api_base', 'api_user', 'api_token', 'signing_secret', 'mapping', 'delay_minutes', 'channel', 'brand', 'language'] as const;

/** The field a server message names ("mapping.customer.emial: unknown field" → mapping), if any. */
function fieldOf(message: string): string | null {
  const match = /^(name|api_base|api_user|api_token|signing_secret|mapping|delay_minutes|channel|brand|language)\b/.exec(message);
  return match ? match[1] : null;
}

/** The form's fields for a connection being edited: secrets are never shown, so they start empty (kept unless typed). */
function draftOf(detail: ConnectionDetail): Draft {
  const c = detail.connection;
  return {
    kind: c.kind, name: c.name, api_base: c.api_base ?? '', api_user: c.api_user ?? '', api_token: '', signing_secret: '', new_secret: false,
    mapping: detail.mapping ? JSON.stringify(detail.mapping, null, 2) : '', delay: c.delay_minutes?.toString() ?? '', channel: c.channel ?? '', brand: c.brand ?? '', language: c.language ?? '',
  };
}

/**
 * Adding a connection (the helpdesk, a name, API access when its events name ids only, its secret,
 * the generic mapping, delay, channel and brand), or with `editing`, changing one: the kind stays,
 * secrets left empty are kept, and an emptied option is cleared.
 */
export function ConnectionForm({ kinds, exampleMapping, editing, onDone, onCancel }: {
  kinds: Kind[];
  exampleMapping?: ConnectionKinds['example_mapping'];
  editing?: ConnectionDetail;
  onDone: (result: ConnectionCreated) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const create = useCreateConnection();
  const update = useUpdateConnection(editing?.connection.id ?? 0);
  const save = editing ? update : create;
  const [draft, setDraft] = useState<Draft>(() => editing ? draftOf(editing) : {
    kind: kinds[0]?.kind ?? 'generic', name: '', api_base: '', api_user: '', api_token: '', signing_secret: '', new_secret: false,
    mapping: JSON.stringify(exampleMapping ?? {}, null, 2), delay: '', channel: '', brand: '', language: '',
  });
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const kind = kinds.find((k) => k.kind === draft.kind) ?? kinds[0];
  const change = (patch: Partial<Draft>) => { setLocalError(null); save.reset(); setDraft((previous) => ({ ...previous, ...patch })); };
  // Opening the editor moves the focus to it, as the button that opened it is gone.
  useEffect(() => { if (editing) title.current?.focus(); }, [editing]);

  const serverMessage = save.error ? errorMessage(save.error, t('app.networkError')) : null;
  const error = localError ?? (serverMessage ? { field: fieldOf(serverMessage) ?? '', message: serverMessage } : null);
  const errorFor = (field: (typeof FIELDS)[number]) => (error?.field === field ? error.message : null);

  /** The mapping typed, or null after saying what is wrong with it. */
  const parsedMapping = (): Record<string, unknown> | null => {
    try {
      const mapping: unknown = JSON.parse(draft.mapping);
      if (mapping && typeof mapping === 'object' && !Array.isArray(mapping)) return mapping as Record<string, unknown>;
      setLocalError({ field: 'mapping', message: t('connections.form.mappingNotObject') });
    } catch (parseError) {
      setLocalError({ field: 'mapping', message: t('connections.form.mappingInvalid', { error: (parseError as Error).message }) });
    }
    return null;
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!kind) return;
    const mapping = kind.kind === 'generic' ? parsedMapping() : undefined;
    if (mapping === null) return;
    // When adding, an empty field is left out; when editing, it clears the value (secrets: kept).
    const text = (value: string) => value.trim() || (editing ? null : undefined);
    const input: ConnectionUpdate = { name: draft.name.trim(), mapping, delay_minutes: draft.delay.trim() ? Number(draft.delay) : editing ? null : undefined, channel: text(draft.channel), brand: text(draft.brand), language: text(draft.language) };
    if (kind.kind !== 'generic') {
      input.api_base = text(draft.api_base);
      input.api_user = text(draft.api_user);
      if (draft.api_token) input.api_token = draft.api_token;
    }
    if (kind.secret_source !== 'none') {
      if (draft.new_secret) input.signing_secret = null;
      else if (draft.signing_secret) input.signing_secret = draft.signing_secret;
    }
    if (editing) update.mutate(input, { onSuccess: onDone });
    else create.mutate({ ...input, kind: kind.kind } as ConnectionCreate, { onSuccess: onDone });
  };

  const apiFields = (
    <>
      <TextField label={t('connections.form.apiBase')} type="url" inputMode="url" placeholder={t('connections.form.apiBasePlaceholder')} value={draft.api_base} maxLength={500}
        onChange={(e) => change({ api_base: e.target.value })} error={errorFor('api_base')} name="api_base" autoComplete="off" spellCheck={false} />
      <div className="conn-form__row">
        <TextField label={t('connections.form.apiUser')} hint={t('connections.form.apiUserHint')} value={draft.api_user} maxLength={500}
          onChange={(e) => change({ api_user: e.target.value })} error={errorFor('api_user')} name="api_user" autoComplete="off" spellCheck={false} />
        <TextField label={t('connections.form.apiToken')} type="password" value={draft.api_token} maxLength={2000}
          hint={editing?.connection.has_api_token ? t('connections.form.apiTokenKept') : t('connections.form.apiTokenHint')}
          onChange={(e) => change({ api_token: e.target.value })} error={errorFor('api_token')} name="api_token" autoComplete="new-password" />
      </div>
    </>
  );

  const secretHint = editing ? t('connections.form.signingSecretKept')
    : kind?.secret_source === 'helpdesk' ? t('connections.form.signingSecretHelpdesk', { label: kind.label }) : t('connections.form.signingSecretOurs', { label: kind?.label });
  const mappingError = errorFor('mapping');
  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="conn-form">
      <div className="conn-section__head">
        <h2 id={`${id}-title`} ref={title} tabIndex={editing ? -1 : undefined}>{editing ? t('connections.form.editTitle', { name: editing.connection.name }) : t('connections.form.title')}</h2>
        <p className="conn-muted">{editing ? t('connections.form.editIntro', { label: kind?.label }) : t('connections.form.intro')}</p>
      </div>
      <form onSubmit={submit} noValidate>
        <div className="conn-form__row">
          {!editing && (
            <div className="field">
              <label className="field__label" htmlFor={`${id}-kind`}>{t('connections.form.kind')}</label>
              <p className="field__hint" id={`${id}-kind-hint`}>{t('connections.form.kindHint')}</p>
              <select id={`${id}-kind`} className="input" aria-describedby={`${id}-kind-hint`} value={draft.kind} onChange={(e) => change({ kind: e.target.value as Kind['kind'] })} name="kind">
                {kinds.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
              </select>
            </div>
          )}
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
          <details className="conn-form__more" open={Boolean(editing?.connection.api_base) || undefined}>
            <summary>{t('connections.form.apiOptional')}</summary>
            <div className="conn-form__more-body">
              <p className="field__hint">{t('connections.form.apiOptionalHint', { label: kind.label })}</p>
              {apiFields}
            </div>
          </details>
        ))}

        {kind && kind.secret_source !== 'none' && (
          <div className="conn-form__secret">
            {!draft.new_secret && (
              <TextField label={t('connections.form.signingSecret')} type="password" autoComplete="new-password" value={draft.signing_secret} maxLength={500}
                hint={secretHint} onChange={(e) => change({ signing_secret: e.target.value })} error={errorFor('signing_secret')} name="signing_secret" />
            )}
            {editing && kind.secret_source === 'ours' && (
              <div className="conn-form__new-secret">
                <Switch label={t('connections.form.newSecret')} checked={draft.new_secret} onChange={(checked) => change({ new_secret: checked, signing_secret: '' })} />
                {draft.new_secret && <p className="field__hint">{t('connections.form.newSecretHint', { label: kind.label })}</p>}
              </div>
            )}
          </div>
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
            <TextField label={t('connections.form.language')} hint={t('connections.form.languageHint')} value={draft.language} maxLength={35}
              onChange={(e) => change({ language: e.target.value })} error={errorFor('language')} name="language" autoComplete="off" spellCheck={false} />
          </div>
        </fieldset>

        {error && !FIELDS.includes(error.field as (typeof FIELDS)[number]) && <Alert tone="error">{error.message}</Alert>}
        <div className="conn-actions">
          {onCancel && <Button onClick={onCancel}>{t('connections.form.cancel')}</Button>}
          <Button type="submit" variant="primary" loading={save.isPending}>{editing ? t('connections.form.save') : t('connections.form.submit')}</Button>
        </div>
      </form>
    </Card>
  );
}
