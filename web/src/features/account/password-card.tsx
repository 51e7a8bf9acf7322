import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import { Alert, Button, Card, TextField } from '../../ui/index.ts';
import { useChangePassword } from './account.queries.ts';

type Field = 'current' | 'new' | 'repeat';

/** The server's 400 names the field it refuses (current_password or new_password). */
function fieldOf(error: unknown): Field | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  if (error.message.includes('current_password')) return 'current';
  if (error.message.includes('new_password')) return 'new';
  return null;
}

/** The Account page's "Password" card: current, new and repeated password; the server decides the rules. */
export function PasswordCard({ email }: { email: string }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [changed, setChanged] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    change.reset();
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ current_password: current, new_password: next }, {
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
        setChanged(true);
      },
    });
  };

  const failed = change.isError ? change.error : null;
  const field = fieldOf(failed);
  const message = failed instanceof ApiError && failed.status ? failed.message : failed ? t('app.networkError') : null;
  const errorFor = (which: Field) => (which === 'repeat' ? (mismatch ? t('password.mismatch') : null) : field === which ? message : null);

  return (
    <Card as="section" aria-labelledby="password-title" className="account__password">
      <h2 id="password-title">{t('password.title')}</h2>
      <p className="muted">{t('password.intro')}</p>
      {changed && <Alert tone="success">{t('password.changed')}</Alert>}
      {failed && !field && <Alert tone="error">{message}</Alert>}
      <form className="password-form" onSubmit={submit}>
        {/* For password managers: whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField label={t('password.current')} type="password" name="current_password" autoComplete="current-password" required
          value={current} onChange={(event) => setCurrent(event.target.value)} error={errorFor('current')} />
        <TextField label={t('password.new')} hint={t('password.newHint')} type="password" name="new_password" autoComplete="new-password" required
          value={next} onChange={(event) => setNext(event.target.value)} error={errorFor('new')} />
        <TextField label={t('password.repeat')} type="password" name="repeat_password" autoComplete="new-password" required
          value={repeat} onChange={(event) => { setRepeat(event.target.value); setMismatch(false); }} error={errorFor('repeat')} />
        <div>
          <Button type="submit" variant="primary" loading={change.isPending}>{t('password.submit')}</Button>
        </div>
      </form>
    </Card>
  );
}
