import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useMatches, useRouteContext } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { managesBrands } from '../features/brands/manages-brands.ts';
import { managesConnections } from '../features/connections/manages-connections.ts';
import { reportOptionsQuery } from '../features/reports/reports.queries.ts';
import { AccountMenu } from './account-menu.tsx';
import { BrandMark } from './brand.tsx';

/** Signed-in pages: skip link, header (brand, navigation, account menu) and the main landmark. */
export function AppShell() {
  const { t } = useTranslation();
  const { session } = useRouteContext({ from: '/app' });
  // After moving to another page (not a filter change), focus goes to its content, as a page load would.
  const pathname = useLocation({ select: (location) => location.pathname });
  const main = useRef<HTMLElement>(null);
  // The team view is for people who report on someone besides themselves.
  const reportOptions = useQuery(reportOptionsQuery).data;
  const hasTeam = Boolean(reportOptions && (reportOptions.teams.length > 0 || reportOptions.employees.some((e) => e.id !== session.employee.id)));
  const first = useRef(true);
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    // On a phone the navigation scrolls sideways: keep the current page's link in sight (also once the Team link appears).
    nav.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [pathname, hasTeam]);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    main.current?.focus({ preventScroll: true });
  }, [pathname]);
  // A page in TV mode (the leaderboard with ?tv=1) fills the screen: no header, no navigation.
  const tv = useMatches({ select: (matches) => matches.some((match) => match.staticData.tvMode && (match.search as { tv?: unknown }).tv === 1) });
  if (tv) {
    return (
      <main className="main main--tv" id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    );
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="header">
        <div className="header__inner">
          <BrandMark company={session.company.name} />
          <nav className="nav" aria-label={t('app.mainNav')} ref={nav}>
            <Link to="/" className="nav__link" activeOptions={{ exact: true, includeSearch: false }}>{t('nav.stream')}</Link>
            <Link to="/reports" className="nav__link" activeOptions={{ exact: true, includeSearch: false }}>{t('reports.nav')}</Link>
            {hasTeam && <Link to="/reports/team" className="nav__link" activeOptions={{ exact: true, includeSearch: false }}>{t('reports.navTeam')}</Link>}
            <Link to="/reports/leaderboard" className="nav__link" activeOptions={{ includeSearch: false }}>{t('leaderboard.title')}</Link>
            <Link to="/reports/recovery" className="nav__link" activeOptions={{ includeSearch: false }}>{t('recovery.title')}</Link>
            {managesBrands(session.employee) && <Link to="/settings/brands" className="nav__link" activeOptions={{ includeSearch: false }}>{t('brands.nav')}</Link>}
            {managesConnections(session.employee) && <Link to="/settings/connections" className="nav__link" activeOptions={{ includeSearch: false }}>{t('connections.nav')}</Link>}
          </nav>
          <AccountMenu session={session} />
        </div>
      </header>
      <main className="main" id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
