import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** How the accent colour looks to customers: a button and a link on white. */
export function AccentPreview({ color, brand }: { color: string; brand: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  // Set through the CSS object model: the app's CSP allows no inline style attribute.
  useEffect(() => { box.current?.style.setProperty('--brand-accent', color); }, [color]);
  return (
    <div className="accent-preview" ref={box} aria-label={t('brands.previewLabel')} role="group">
      <p className="accent-preview__text">{t('brands.previewText', { brand })}</p>
      <span className="accent-preview__button">{t('brands.previewButton')}</span>
      <span className="accent-preview__link">{t('brands.previewLink')}</span>
    </div>
  );
}
