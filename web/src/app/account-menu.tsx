import { Link, useNavigate } from '@tanstack/react-router';
import { forwardRef, useState, type ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../features/auth/auth.queries.ts';
import { LANGUAGES, type Language } from '../i18n/catalogue.ts';
import { setLanguage } from '../i18n/index.ts';
import type { Session } from '../lib/api-types.ts';
import { saveTheme, storedTheme, type ThemeChoice } from '../lib/theme.ts';
import { Icon, Menu, MenuItem, MenuRadioGroup, MenuSeparator } from '../ui/index.ts';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1]![0] : '')).toUpperCase();
}

const Trigger = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'> & { session: Session; label: string }>(
  function Trigger({ session, label, ...props }, ref) {
    return (
      <button ref={ref} type="button" className="account-trigger" {...props}>
        <span className="avatar" aria-hidden="true">{initials(session.employee.name)}</span>
        <span className="sr-only">{label} </span>
        <span className="account-trigger__text">
          <span className="account-trigger__name">{session.employee.name}</span>
          <span className="account-trigger__role">{session.employee.role}</span>
        </span>
        <Icon.ChevronDown size={14} />
      </button>
    );
  },
);

/** The account menu in the header: who you are, Account, language, theme, sign out. */
export function AccountMenu({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  return (
    <Menu trigger={<Trigger session={session} label={t('menu.open')} />}>
      <div className="menu__who">
        <span className="menu__who-name">{session.employee.name}</span>
        <span className="menu__who-email">{session.employee.email}</span>
        <span className="menu__who-email">{session.employee.role} · {session.company.name}</span>
      </div>
      <MenuSeparator />
      <MenuItem asChild>
        <Link to="/account"><Icon.User />{t('menu.account')}</Link>
      </MenuItem>
      <MenuSeparator />
      <MenuRadioGroup<Language> label={t('menu.language')} value={i18n.language as Language} onChange={setLanguage}
        options={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))} />
      <MenuSeparator />
      <MenuRadioGroup<ThemeChoice> label={t('menu.theme')} value={theme} onChange={(choice) => { setTheme(choice); saveTheme(choice); }}
        options={[
          { value: 'system', label: t('menu.themeSystem'), icon: <Icon.Monitor /> },
          { value: 'light', label: t('menu.themeLight'), icon: <Icon.Sun /> },
          { value: 'dark', label: t('menu.themeDark'), icon: <Icon.Moon /> },
        ]} />
      <MenuSeparator />
      <MenuItem danger onSelect={() => signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/login', search: { reason: 'signed-out' } }) })}>
        <Icon.LogOut />{t('menu.signOut')}
      </MenuItem>
    </Menu>
  );
}
