import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { AuthLayout } from '../features/auth/auth-layout.tsx';
import { meQuery, safeNext } from '../features/auth/auth.queries.ts';
import { LoginPage } from '../features/auth/login-page.tsx';
import { StreamPage } from '../features/stream/stream-page.tsx';
import { validateStreamSearch } from '../features/stream/stream-search.ts';
import { validateDashboardSearch, validateTeamSearch } from '../features/reports/reports-search.ts';
import { validateLeaderboardSearch } from '../features/leaderboard/leaderboard-search.ts';
import { validateRecoverySearch } from '../features/recovery/recovery-search.ts';
import { setUnauthorizedHandler } from '../lib/api-client.ts';
import { AppShell } from './app-shell.tsx';
import { NotFoundPage } from './not-found.tsx';
import { RouteError } from './route-error.tsx';
import { parseSearch, stringifySearch } from './search-params.ts';

/*
 * The client routes. The server answers the app shell for exactly these paths: /, /login,
 * /forgot-password, /account, /feedback/<id>, /reports, /reports/team, /reports/leaderboard, /reports/recovery, /settings/brands and /settings/connections. Pages other than /login and /forgot-password need
 * a session (the "app" layout checks /me); /login with a session goes to the Stream.
 */

interface RouterContext { queryClient: QueryClient }

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const publicRoute = createRoute({ getParentRoute: () => rootRoute, id: 'public', component: AuthLayout });

interface LoginSearch { next?: string; reason?: 'signed-out' | 'expired' }

const loginRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login',
  validateSearch: (raw: Record<string, unknown>): LoginSearch => ({
    next: safeNext(raw.next),
    reason: raw.reason === 'signed-out' || raw.reason === 'expired' ? raw.reason : undefined,
  }),
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(meQuery);
    if (session) throw redirect({ href: safeNext(search.next) ?? '/', replace: true });
  },
  component: LoginPage,
});

const forgotRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('../features/auth/forgot-password-page.tsx'), 'ForgotPasswordPage'),
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(meQuery);
    if (!session) throw redirect({ to: '/login', search: { next: location.href === '/' ? undefined : location.href } });
    return { session };
  },
  component: AppShell,
  errorComponent: RouteError,
});

export const streamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: validateStreamSearch,
  component: StreamPage,
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('../features/account/account-page.tsx'), 'AccountPage'),
});

export const feedbackRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/feedback/$requestId',
  component: lazyRouteComponent(() => import('../features/stream/feedback-page.tsx'), 'FeedbackPage'),
});

export const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports',
  validateSearch: validateDashboardSearch,
  component: lazyRouteComponent(() => import('../features/reports/dashboard-page.tsx'), 'DashboardPage'),
});

export const teamReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/team',
  validateSearch: validateTeamSearch,
  component: lazyRouteComponent(() => import('../features/reports/team-page.tsx'), 'TeamPage'),
});

export const leaderboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/leaderboard',
  validateSearch: validateLeaderboardSearch,
  // ?tv=1 shows the board without the app's header (AppShell).
  staticData: { tvMode: true },
  component: lazyRouteComponent(() => import('../features/leaderboard/leaderboard-page.tsx'), 'LeaderboardPage'),
});

export const recoveryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/recovery',
  validateSearch: validateRecoverySearch,
  component: lazyRouteComponent(() => import('../features/recovery/recovery-page.tsx'), 'RecoveryPage'),
});

export const brandsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/brands',
  component: lazyRouteComponent(() => import('../features/brands/brands-page.tsx'), 'BrandsPage'),
});

export const connectionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/connections',
  component: lazyRouteComponent(() => import('../features/connections/connections-page.tsx'), 'ConnectionsPage'),
});

const routeTree = rootRoute.addChildren([
  publicRoute.addChildren([loginRoute, forgotRoute]),
  appRoute.addChildren([streamRoute, accountRoute, feedbackRoute, reportsRoute, teamReportRoute, leaderboardRoute, recoveryRoute, brandsRoute, connectionsRoute]),
]);

export function createAppRouter(queryClient: QueryClient) {
  const router = createRouter({
    routeTree,
    context: { queryClient },
    parseSearch,
    stringifySearch,
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
  // Any 401 from the API (the session ended, was revoked or timed out): forget it and sign in again.
  setUnauthorizedHandler(() => {
    queryClient.setQueryData(meQuery.queryKey, null);
    const here = router.state.location;
    if (here.pathname === '/login') return;
    void router.navigate({ to: '/login', search: { next: here.href, reason: 'expired' } });
  });
  return router;
}

declare module '@tanstack/react-router' {
  interface Register { router: ReturnType<typeof createAppRouter> }
  interface StaticDataRouteOption {
    /** The page has a TV mode: with ?tv=1 in its URL the app shell leaves out its header and navigation. */
    tvMode?: boolean;
  }
}
