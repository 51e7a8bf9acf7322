import { useNavigate, useSearch, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, Card, TextField } from '../../ui/index.ts';
import { safeNext, useSignIn } from './auth.queries.ts';

/** /login: email and password; the company field appears when the server asks which company. */
export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const search = useSearch({ from: '/public/login' });
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [company, setCompany] = useState('');
  const [askCompany, setAskCompany] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const companyRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (askCompany) companyRef.current?.focus();
  }, [askCompany]);

  const error = signIn.error instanceof ApiError ? signIn.error : null;
  // The server's 400 "several companies" is answered by the company field, not shown as an error.
  const companyQuestion = error !== null && error.status === 400 && askCompany;
  const message = localError ?? (error && !companyQuestion ? (error.status === 0 ? t('app.networkError') : error.message || t('app.genericError')) : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (signIn.isPending) return;
    if (!email.trim() || !password) {
      setLocalError(t('login.required'));
      return;
    }
    setLocalError(null);
    signIn.mutate(
      { email: email.trim(), password, ...(askCompany && company.trim() ? { company: company.trim() } : {}) },
      {
        onSuccess: () => void navigate({ href: safeNext(search.next) ?? '/', replace: true }),
        onError: (failure) => {
          if (failure instanceof ApiError && failure.status === 400 && /compan/i.test(failure.message) && !askCompany) {
            setAskCompany(true);
          }
        },
      },
    );
  };

  return (
    <Card className="auth__panel">
      <div>
        <h1>{t('login.title')}</h1>
        <p className="auth__intro">{t('login.intro')}</p>
      </div>
      {search.reason === 'signed-out' && !message && <Alert tone="success">{t('login.signedOut')}</Alert>}
      {search.reason === 'expired' && !message && <Alert tone="info">{t('login.sessionEnded')}</Alert>}
      {message && <Alert tone="error">{message}</Alert>}
      {companyQuestion && !localError && <Alert tone="info">{t('login.severalCompanies')}</Alert>}
      <form className="auth__form" onSubmit={submit} noValidate>
        <TextField label={t('login.email')} type="email" name="email" autoComplete="username" inputMode="email" required
          value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
        <TextField label={t('login.password')} type="password" name="password" autoComplete="current-password" required
          value={password} onChange={(event) => setPassword(event.target.value)}
          labelAside={<Link to="/forgot-password" className="field__hint">{t('login.forgot')}</Link>} />
        {askCompany && (
          <TextField ref={companyRef} label={t('login.company')} hint={t('login.companyHint')} name="company" autoComplete="organization"
            value={company} onChange={(event) => setCompany(event.target.value)} required />
        )}
        <Button type="submit" variant="primary" size="lg" block loading={signIn.isPending}>
          {signIn.isPending ? t('login.submitting') : t('login.submit')}
        </Button>
      </form>
    </Card>
  );
}
