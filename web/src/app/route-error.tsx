import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client.ts';
import { Button, EmptyState, Icon } from '../ui/index.ts';

/** When loading a page fails (server down, unexpected answer): the server's message and a retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const message = error instanceof ApiError && error.status === 0 ? t('app.networkError') : (error as Error).message || t('app.genericError');
  return (
    <main className="main" id="main">
      <EmptyState headingLevel={1} title={t('app.genericError')} icon={<Icon.AlertCircle size={22} />}
        action={<Button variant="primary" onClick={() => { reset(); window.location.reload(); }}>{t('app.retry')}</Button>}>
        <span role="alert">{message}</span>
      </EmptyState>
    </main>
  );
}
