import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../i18n/catalogue.ts';
import { setLanguage } from '../../i18n/index.ts';
import { BrandMark } from '../../app/brand.tsx';

/** Signed-out pages: the brand, one centred panel, and a language choice. */
export function AuthLayout() {
  const { t, i18n } = useTranslation();
  return (
    <div className="auth">
      <header className="auth__top">
        <BrandMark />
        <div className="auth__prefs">
          <label className="sr-only" htmlFor="auth-language">{t('menu.language')}</label>
          <select id="auth-language" value={i18n.language} onChange={(event) => setLanguage(event.target.value as Language)}>
            {LANGUAGES.map((language) => <option key={language} value={language}>{t(`language.${language}`)}</option>)}
          </select>
        </div>
      </header>
      <main className="auth__center" id="main">
        <Outlet />
      </main>
      <div />
    </div>
  );
}
