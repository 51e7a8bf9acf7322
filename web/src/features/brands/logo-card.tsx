import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { Brand } from '../../lib/api-types.ts';
import { Alert, Button, Card } from '../../ui/index.ts';
import { useRemoveLogo, useUploadLogo } from './brands.queries.ts';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/svg+xml';

/** The brand's logo: what customers see, a file to upload (previewed at once) and a remove button. */
export function LogoCard({ brand }: { brand: Brand }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadLogo(brand.id);
  const remove = useRemoveLogo(brand.id);
  const [preview, setPreview] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const failure = upload.error ?? remove.error;
  const message = failure ? errorMessage(failure, t('app.networkError')) : null;

  const choose = (file: File | undefined) => {
    if (!file) return;
    setDone(null);
    remove.reset();
    // A data: URL (the app's CSP allows images from this origin and data: only).
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
    upload.mutate(file, {
      onSuccess: () => { setPreview(null); setDone(t('brands.logoSaved')); },
      onError: () => setPreview(null),
      onSettled: () => { if (input.current) input.current.value = ''; },
    });
  };
  const shown = preview ?? brand.logo_url;

  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="logo-card">
      <h2 id={`${id}-title`}>{t('brands.logo')}</h2>
      <div className="logo-card__preview">
        {shown ? <img src={shown} alt={t('brands.logoAlt', { name: brand.display_name ?? brand.name })} /> : <p className="muted">{t('brands.noLogo')}</p>}
      </div>
      <p className="field__hint" id={`${id}-hint`}>{t('brands.logoHint')}</p>
      <div className="logo-card__actions">
        <input ref={input} id={`${id}-file`} type="file" accept={ACCEPT} className="visually-hidden-file" aria-describedby={`${id}-hint`}
          onChange={(e) => choose(e.target.files?.[0])} />
        <label className="btn btn--secondary logo-card__upload" htmlFor={`${id}-file`}>{brand.logo_url ? t('brands.replaceLogo') : t('brands.uploadLogo')}</label>
        {brand.logo_url && (
          <Button variant="danger" loading={remove.isPending} onClick={() => { setDone(null); upload.reset(); remove.mutate(undefined, { onSuccess: () => setDone(t('brands.logoRemoved')) }); }}>
            {t('brands.removeLogo')}
          </Button>
        )}
      </div>
      {upload.isPending && <p className="muted" role="status">{t('brands.uploading')}</p>}
      {message && <Alert tone="error">{message}</Alert>}
      {done && <Alert tone="success">{done}</Alert>}
    </Card>
  );
}
