import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, Card, Icon, TextField } from '../../ui/index.ts';
import { usePasswordReset } from './auth.queries.ts';

/** /forgot-password: an email, then always the same confirmation (nothing says whether the account exists). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('forgot.title'));
  const reset = usePasswordReset();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reset.isPending) return;
    if (!email.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    reset.mutate(email.trim());
  };
  const failure = reset.error instanceof ApiError ? (reset.error.status === 0 ? t('app.networkError') : reset.error.message) : null;

  return (
    <Card className="auth__panel">
      <div>
        <h1>{t('forgot.title')}</h1>
        {!reset.isSuccess && <p className="auth__intro">{t('forgot.intro')}</p>}
      </div>
      {reset.isSuccess ? (
        <Alert tone="success" title={t('forgot.sent')}>{t('forgot.sentBody')}</Alert>
      ) : (
        <form className="auth__form" onSubmit={submit} noValidate>
          {failure && <Alert tone="error">{failure}</Alert>}
          <TextField label={t('forgot.email')} type="email" name="email" autoComplete="username" inputMode="email" required autoFocus
            value={email} onChange={(event) => setEmail(event.target.value)} error={missing ? t('forgot.required') : null} />
          <Button type="submit" variant="primary" size="lg" block loading={reset.isPending}>{t('forgot.submit')}</Button>
        </form>
      )}
      <p className="auth__footer">
        <Link to="/login" className="back-link"><Icon.ChevronLeft size={14} />{t('forgot.back')}</Link>
      </p>
    </Card>
  );
}
