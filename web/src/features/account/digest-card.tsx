import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { Session } from '../../lib/api-types.ts';
import { Alert, Card, Switch } from '../../ui/index.ts';
import { meQuery } from '../auth/auth.queries.ts';
import { useSetPreferences } from './account.queries.ts';

/** Who gets the weekly digest (as the server's scheduler decides): admins and leaders of a team. */
export function receivesDigest(employee: Session['employee']): boolean {
  return employee.capabilities.includes('admin') || employee.team_member_ids.length > 0;
}

/**
 * The Account page's "Weekly digest" card (id `digest`: the email's "turn it off" link is
 * /account#digest): a switch for those who get the digest, a note for everyone else.
 */
export function DigestCard({ session }: { session: Session }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const employee = me.data?.employee ?? session.employee;
  const save = useSetPreferences();
  const [shown, setShown] = useState<boolean | null>(null);

  // The page is loaded lazily, after the router looked for the #digest anchor: scroll to it here.
  useEffect(() => {
    if (window.location.hash === '#digest') document.getElementById('digest')?.scrollIntoView({ block: 'start' });
  }, []);

  const recipient = receivesDigest(employee);
  const checked = save.isPending && save.variables ? save.variables.weekly_digest : employee.weekly_digest;
  const change = (on: boolean) => {
    setShown(null);
    save.mutate({ weekly_digest: on }, { onSuccess: (saved) => setShown(saved.weekly_digest) });
  };
  const failed = save.isError ? errorMessage(save.error, t('app.networkError')) : null;

  return (
    <Card as="section" id="digest" aria-labelledby="digest-title" className="account__digest">
      <h2 id="digest-title">{t('account.digest.title')}</h2>
      <p className="muted">{t('account.digest.intro')}</p>
      {recipient ? (
        <>
          <div>
            <Switch label={t('account.digest.toggle')} checked={checked} onChange={change} />
            <p className="muted account__digest-scope">{employee.sees === 'company' ? t('account.digest.scopeCompany') : t('account.digest.scopeTeam')}</p>
          </div>
          {shown !== null && <Alert tone="success">{shown ? t('account.digest.on') : t('account.digest.off')}</Alert>}
          {failed && <Alert tone="error">{failed}</Alert>}
        </>
      ) : (
        <p>{t('account.digest.notRecipient')}</p>
      )}
    </Card>
  );
}
