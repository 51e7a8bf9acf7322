import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { buttonClass, EmptyState, Icon } from '../ui/index.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { BrandMark } from './brand.tsx';

/** Any address the app does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="auth">
      <header className="auth__top"><BrandMark /></header>
      <main className="auth__center" id="main">
        <EmptyState headingLevel={1} title={t('notFound.title')} icon={<Icon.Search size={22} />}
          action={<Link to="/" className={buttonClass('primary')}>{t('notFound.home')}</Link>}>
          {t('notFound.body')}
        </EmptyState>
      </main>
      <div />
    </div>
  );
}
