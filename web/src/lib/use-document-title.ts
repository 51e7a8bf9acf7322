import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "Stream · Agent Connect": each page names itself in the tab and to screen readers. */
export function useDocumentTitle(title: string | null | undefined): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
