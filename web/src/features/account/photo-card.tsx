import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { Session } from '../../lib/api-types.ts';
import { Alert, Button, Card, TextField } from '../../ui/index.ts';
import { meQuery } from '../auth/auth.queries.ts';
import { useRemovePhoto, useSaveProfile, useUploadPhoto } from './account.queries.ts';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/svg+xml';

// The photo is served by this same server (PUBLIC_URL/media/...): its path works whatever origin the app is opened at.

/** The Account page's "Photo and title" card: what customers see beside the agent's first name. */
export function PhotoCard({ session }: { session: Session }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const employee = me.data?.employee ?? session.employee;
  const upload = useUploadPhoto();
  const remove = useRemovePhoto();
  const saveTitle = useSaveProfile();
  const fileInput = useRef<HTMLInputElement>(null);
  const fileHintId = useId();
  const [chosen, setChosen] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [title, setTitle] = useState(employee.title ?? '');
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!chosen) return setPreview(null);
    const url = URL.createObjectURL(chosen);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [chosen]);

  const messageOf = (error: unknown) => errorMessage(error, t('app.networkError'));
  const photoError = upload.isError ? messageOf(upload.error) : remove.isError ? messageOf(remove.error) : null;
  const reset = () => {
    setNotice(null);
    upload.reset();
    remove.reset();
    saveTitle.reset();
  };
  const clearChoice = () => {
    setChosen(null);
    if (fileInput.current) fileInput.current.value = '';
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    reset();
    upload.mutate(chosen, {
      onSuccess: () => {
        clearChoice();
        setNotice(t('account.photo.uploaded'));
      },
    });
  };
  const submitTitle = (event: FormEvent) => {
    event.preventDefault();
    reset();
    saveTitle.mutate({ title: title.trim() || null }, { onSuccess: (saved) => { setTitle(saved.title ?? ''); setNotice(t('account.photo.saved')); } });
  };

  return (
    <Card as="section" aria-labelledby="photo-title" className="account__photo">
      <h2 id="photo-title">{t('account.photo.title')}</h2>
      <p className="muted">{t('account.photo.intro')}</p>
      {notice && <Alert tone="success">{notice}</Alert>}
      <form className="photo-form" onSubmit={send}>
        <div className="photo-form__image">
          {preview ? <img src={preview} alt={t('account.photo.preview')} />
            : employee.photo_url ? <img src={new URL(employee.photo_url).pathname} alt={t('account.photo.current')} />
            : <span className="photo-form__none">{t('account.photo.none')}</span>}
        </div>
        <div className="field photo-form__fields">
          <label className="field__label" htmlFor={`${fileHintId}-file`}>{t('account.photo.file')}</label>
          <p className="field__hint" id={fileHintId}>{t('account.photo.fileHint')}</p>
          <input ref={fileInput} id={`${fileHintId}-file`} type="file" accept={ACCEPT} aria-describedby={fileHintId}
            aria-invalid={upload.isError ? true : undefined} onChange={(event) => { reset(); setChosen(event.target.files?.[0] ?? null); }} />
          {photoError && <p className="field__error" role="alert">{photoError}</p>}
          <div className="photo-form__actions">
            <Button type="submit" variant="primary" disabled={!chosen} loading={upload.isPending}>
              {employee.photo_url ? t('account.photo.replace') : t('account.photo.upload')}
            </Button>
            {employee.photo_url && (
              <Button variant="danger" loading={remove.isPending} onClick={() => { reset(); remove.mutate(undefined, { onSuccess: () => { clearChoice(); setNotice(t('account.photo.removed')); } }); }}>
                {t('account.photo.remove')}
              </Button>
            )}
          </div>
        </div>
      </form>
      <form className="title-form" onSubmit={submitTitle}>
        <TextField label={t('account.photo.jobTitle')} hint={t('account.photo.jobTitleHint')} name="title" maxLength={80} autoComplete="organization-title"
          value={title} onChange={(event) => setTitle(event.target.value)} error={saveTitle.isError ? messageOf(saveTitle.error) : null} />
        <div>
          <Button type="submit" loading={saveTitle.isPending}>{t('account.photo.save')}</Button>
        </div>
      </form>
    </Card>
  );
}
