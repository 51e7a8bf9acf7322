import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { Brand } from '../../lib/api-types.ts';
import { Alert, Button, Card, TextField } from '../../ui/index.ts';
import { AccentPreview } from './accent-preview.tsx';
import { useUpdateBrand } from './brands.queries.ts';
import { CopyEditor, type CopyDraft } from './copy-editor.tsx';
import { fieldOf } from './field-error.ts';
import { LogoCard } from './logo-card.tsx';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const fullHex = (hex: string) => (hex.length === 4 ? `#${[...hex.slice(1)].map((d) => d + d).join('')}` : hex).toLowerCase();

interface Draft { display_name: string; accent_color: string; sender_name: string; copy: CopyDraft }

function draftOf(brand: Brand): Draft {
  return {
    display_name: brand.display_name ?? '',
    accent_color: brand.accent_color ?? '',
    sender_name: brand.sender_name ?? '',
    copy: Object.fromEntries(Object.entries(brand.copy).map(([lang, fields]) => [lang, { ...fields }])) as CopyDraft,
  };
}

/** One brand's kit as a form: names, accent colour with a live preview, sender name, copy per language, logo. */
export function BrandEditor({ brand, companyName, defaultAccent }: { brand: Brand; companyName: string; defaultAccent: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(brand));
  const [saved, setSaved] = useState(false);
  const save = useUpdateBrand(brand.id);
  const headingId = useId();
  useEffect(() => { setDraft(draftOf(brand)); setSaved(false); save.reset(); }, [brand.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const message = save.error ? errorMessage(save.error, t('app.networkError')) : null;
  const errorField = message ? fieldOf(message) : null;
  const errorFor = (field: string) => (errorField === field ? message : null);
  const accent = HEX.test(draft.accent_color.trim()) ? fullHex(draft.accent_color.trim()) : (brand.accent_color ?? defaultAccent);
  const shownName = draft.display_name.trim() || companyName;
  const change = (patch: Partial<Draft>) => { setSaved(false); setDraft((previous) => ({ ...previous, ...patch })); };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(
      { display_name: draft.display_name, accent_color: draft.accent_color, sender_name: draft.sender_name, copy: draft.copy },
      { onSuccess: (stored) => { setDraft(draftOf(stored)); setSaved(true); } },
    );
  };

  return (
    <div className="brand-editor">
      <Card as="section" aria-labelledby={headingId} className="brand-editor__form">
        <h2 id={headingId}>{t('brands.editTitle', { name: brand.name })}</h2>
        <form onSubmit={submit} noValidate>
          <TextField label={t('brands.displayName')} hint={t('brands.displayNameHint', { company: companyName })} value={draft.display_name} maxLength={120}
            onChange={(e) => change({ display_name: e.target.value })} error={errorFor('display_name')} name="display_name" />

          <fieldset className="brand-editor__accent">
            <legend className="field__label">{t('brands.accent')}</legend>
            <p className="field__hint" id={`${headingId}-accent-hint`}>{t('brands.accentHint')}</p>
            <div className="accent-inputs">
              <input type="color" className="accent-inputs__swatch" aria-label={t('brands.accentPicker')} value={accent}
                onChange={(e) => change({ accent_color: e.target.value })} />
              <TextField label={t('brands.accentHex')} value={draft.accent_color} placeholder={defaultAccent} maxLength={7} spellCheck={false} autoComplete="off"
                onChange={(e) => change({ accent_color: e.target.value })} error={errorFor('accent_color')} name="accent_color" className="accent-inputs__hex" />
            </div>
            <AccentPreview color={accent} brand={shownName} />
          </fieldset>

          <TextField label={t('brands.senderName')} hint={t('brands.senderNameHint')} value={draft.sender_name} maxLength={80}
            placeholder={t('brands.senderNamePlaceholder')} onChange={(e) => change({ sender_name: e.target.value })} error={errorFor('sender_name')} name="sender_name" />

          <CopyEditor copy={draft.copy} onChange={(copy) => change({ copy })} errorField={errorField} message={message} />

          {message && !errorField && <Alert tone="error">{message}</Alert>}
          {saved && <Alert tone="success">{t('brands.saved')}</Alert>}
          <div className="brand-editor__actions">
            <Button type="submit" variant="primary" loading={save.isPending}>{t('brands.save')}</Button>
          </div>
        </form>
      </Card>
      <LogoCard brand={brand} />
    </div>
  );
}
