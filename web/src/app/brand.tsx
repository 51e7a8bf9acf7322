import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** The product mark and name, linking to the Stream. */
export function BrandMark({ company }: { company?: string }) {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand">
      <span className="brand__mark" aria-hidden="true">
        <svg width="16" height="16" viewBox="0 0 24 24"><path fill="currentColor" d="M12 2.5l2.94 5.96 6.58.96-4.76 4.64 1.12 6.55L12 17.52l-5.88 3.09 1.12-6.55L2.48 9.42l6.58-.96z" /></svg>
      </span>
      <span className="brand__name">{t('app.name')}</span>
      {company && <span className="brand__company">{company}</span>}
    </Link>
  );
}
