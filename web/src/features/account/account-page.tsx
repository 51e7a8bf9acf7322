import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import type { SessionRow } from '../../lib/api-types.ts';
import { formatDateTime, formatRelative, useLocale, useNow } from '../../lib/format.ts';
import { Alert, Badge, Button, Card, Dialog, Icon, SpinnerBlock } from '../../ui/index.ts';
import { useSignOut } from '../auth/auth.queries.ts';
import { sessionsQuery, useRevokeSession } from './account.queries.ts';
import { DigestCard } from './digest-card.tsx';
import { PasswordCard } from './password-card.tsx';
import { PhotoCard } from './photo-card.tsx';
import { describeUserAgent } from './user-agent.ts';
import './account.css';

const appRoute = getRouteApi('/app');

/** `/account`: who you are, your photo and title, your password, your weekly digest email, your sessions (this device marked, each revocable), sign out. */
export function AccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('account.title'));
  const locale = useLocale();
  const now = useNow();
  const navigate = useNavigate();
  const { session } = appRoute.useRouteContext();
  const sessions = useQuery(sessionsQuery);
  const revoke = useRevokeSession();
  const signOut = useSignOut();
  const [confirming, setConfirming] = useState<SessionRow | null>(null);
  const [done, setDone] = useState(false);
  const { employee, company } = session;

  const browserName = (row: SessionRow) => {
    const ua = describeUserAgent(row.user_agent);
    return ua ? t('account.browserOn', { browser: ua.browser, os: ua.os }) : t('account.unknownBrowser');
  };
  const confirmRevoke = () => {
    if (!confirming) return;
    const current = confirming.current;
    revoke.mutate(confirming.id, {
      onSuccess: () => {
        setConfirming(null);
        if (current) signOut.reset();
        if (current) void navigate({ to: '/login', search: { reason: 'signed-out' } });
        else setDone(true);
      },
    });
  };
  const rows = sessions.data?.sessions ?? [];

  return (
    <div className="account">
      <div className="page-header">
        <div>
          <h1>{t('account.title')}</h1>
          <p className="page-header__sub">{t('account.subtitle')}</p>
        </div>
        <Button variant="secondary" loading={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/login', search: { reason: 'signed-out' } }) })}>
          <Icon.LogOut />{t('account.signOut')}
        </Button>
      </div>

      <Card as="section" aria-labelledby="profile-title" className="account__profile">
        <h2 id="profile-title">{t('account.profile')}</h2>
        <dl className="facts">
          <div><dt>{t('account.name')}</dt><dd>{employee.name}</dd></div>
          <div><dt>{t('account.email')}</dt><dd>{employee.email}</dd></div>
          <div><dt>{t('account.role')}</dt><dd>{employee.role}</dd></div>
          <div><dt>{t('account.company')}</dt><dd>{company.name} <span className="muted mono">({company.subdomain})</span></dd></div>
          <div><dt>{t('account.scope')}</dt><dd>{t(`roles.${employee.sees}`)}</dd></div>
        </dl>
      </Card>

      <PhotoCard session={session} />

      <PasswordCard email={employee.email} />

      <DigestCard session={session} />

      <Card as="section" aria-labelledby="sessions-title" className="account__sessions">
        <div className="account__section-head">
          <h2 id="sessions-title">{t('account.sessions')}</h2>
          {sessions.data && <span className="muted">{t('account.sessionsCount', { count: rows.length })}</span>}
        </div>
        <p className="muted">{t('account.sessionsIntro')}</p>
        {done && <Alert tone="success">{t('account.revoked')}</Alert>}
        {revoke.isError && !confirming && <Alert tone="error">{(revoke.error as Error).message}</Alert>}
        {sessions.isPending ? <SpinnerBlock label={t('app.loading')} />
          : sessions.isError ? <Alert tone="error">{errorMessage(sessions.error, t('app.networkError'))}</Alert>
          : (
            <ul className="sessions" role="list">
              {rows.map((row) => (
                <li key={row.id} className="session">
                  <span className="session__icon" aria-hidden="true"><Icon.Monitor size={18} /></span>
                  <div className="session__text">
                    <p className="session__name">
                      {browserName(row)}
                      {row.current && <Badge tone="positive">{t('account.thisDevice')}</Badge>}
                    </p>
                    <p className="session__meta">
                      <span title={formatDateTime(row.created_at, locale)}>{t('account.signedIn', { time: formatRelative(row.created_at, locale, now) })}</span>
                      <span aria-hidden="true"> · </span>
                      <span title={formatDateTime(row.last_seen_at, locale)}>{t('account.lastSeen', { time: formatRelative(row.last_seen_at, locale, now) })}</span>
                      <span aria-hidden="true"> · </span>
                      <span>{t('account.expires', { time: formatDateTime(row.expires_at, locale) })}</span>
                    </p>
                  </div>
                  <Button size="sm" variant="danger" onClick={() => { setDone(false); revoke.reset(); setConfirming(row); }}
                    aria-label={t('account.revokeLabel', { browser: browserName(row), time: formatRelative(row.created_at, locale, now) })}>
                    {t('account.revoke')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
      </Card>

      <Dialog open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)} title={t('account.revokeTitle')}
        description={confirming?.current ? t('account.revokeCurrentBody') : t('account.revokeBody')}
        actions={<>
          <Button onClick={() => setConfirming(null)}>{t('account.cancel')}</Button>
          <Button variant="danger-solid" loading={revoke.isPending} onClick={confirmRevoke}>{t('account.revokeConfirm')}</Button>
        </>}>
        {confirming && <p className="session__name">{browserName(confirming)}</p>}
        {revoke.isError && <Alert tone="error">{(revoke.error as Error).message}</Alert>}
      </Dialog>
    </div>
  );
}
