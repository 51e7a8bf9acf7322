import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, Button, SpinnerBlock } from '../../ui/index.ts';
import { BrandEditor } from './brand-editor.tsx';
import { brandsQuery } from './brands.queries.ts';
import { managesBrands } from './manages-brands.ts';
import './brands.css';

const appRoute = getRouteApi('/app');

/** `/settings/brands` (admins): each brand's kit — what customers see in emails and on survey pages. */
export function BrandsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('brands.title'));
  const { session } = appRoute.useRouteContext();
  const allowed = managesBrands(session.employee);
  const brands = useQuery({ ...brandsQuery, enabled: allowed });
  const [selected, setSelected] = useState<number | null>(null);
  const list = brands.data?.brands ?? [];
  const brand = list.find((b) => b.id === selected) ?? list[0];

  return (
    <div className="brands">
      <div className="page-header">
        <div>
          <h1>{t('brands.title')}</h1>
          <p className="page-header__sub">{t('brands.subtitle')}</p>
        </div>
      </div>
      {!allowed ? <Alert tone="info">{t('brands.adminsOnly')}</Alert>
        : brands.isPending ? <SpinnerBlock label={t('app.loading')} />
        : brands.isError ? (
          <Alert tone="error">
            {errorMessage(brands.error, t('app.networkError'))}
            <Button size="sm" onClick={() => void brands.refetch()}>{t('app.retry')}</Button>
          </Alert>
        ) : (
          <div className="brands__layout">
            <nav className="brands__list" aria-label={t('brands.listLabel')}>
              <ul role="list">
                {list.map((b) => (
                  <li key={b.id}>
                    <button type="button" className="brands__item" aria-current={b.id === brand?.id ? 'true' : undefined} onClick={() => setSelected(b.id)}>
                      <span className="brands__item-name">{b.display_name ?? session.company.name}</span>
                      <span className="brands__item-internal mono">{b.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            {brand && <BrandEditor key={brand.id} brand={brand} companyName={session.company.name} defaultAccent={brands.data.default_accent} />}
          </div>
        )}
    </div>
  );
}
