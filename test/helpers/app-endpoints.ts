import type { App } from '../../src/app.ts';
import type { Browser } from './sessions.ts';

/*
 * The web app's endpoints (session-authenticated, /app/api/...), as a table for the scope
 * property test (test/app-scope-property.test.ts). Adding an endpoint is one entry: the URLs a
 * signed-in person calls, which of them are inside their scope (answered 200, every id in the
 * answer checked against the generated chart) and which are outside (answered 403 or 404,
 * changing nothing).
 */

/** One signed-in person of the generated world. */
export interface Viewer {
  /** Their index in the chart. */
  index: number;
  id: number;
  companyId: number;
  email: string;
  browser: Browser;
}

/** A feedback request created for the world (production or test data). */
export interface WorldRequest {
  requestId: string;
  employeeId: number;
  companyId: number;
  isTest: boolean;
}

/** The generated world and what the chart (not the code under test) says each viewer sees. */
export interface World {
  app: App;
  /** Base URL of the listening app, for calls that need a real connection (server-sent events). */
  baseUrl: string;
  viewers: Viewer[];
  requests: WorldRequest[];
  /** Whether the viewer may read the feedback of this employee id. */
  sees(viewer: Viewer, employeeId: number): boolean;
  /** Whether the viewer may read this request (a production request of someone they see). */
  seesRequest(viewer: Viewer, requestId: string): boolean;
  /** Their team per the chart: employees any of whose team leaders is them. */
  team(viewer: Viewer): number[];
  /** Team leaders (ids) of the viewer's company with a team member the viewer sees. */
  teamsVisibleTo(viewer: Viewer): number[];
  /** Every group of both companies and its members per the chart. */
  groups: { id: number; companyId: number; members: number[] }[];
  /** Whether the chart makes the viewer an admin (the Brands page is theirs). */
  admin(viewer: Viewer): boolean;
  /** The brands of both companies. */
  brands: { id: number; companyId: number }[];
  /** Whom the viewer's leaderboard ranks: whom they see, or, seeing only themselves, their leaders' teams and themselves. */
  leaderboardPeers(viewer: Viewer): number[];
}

export interface EndpointCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /**
   * inside: answered 2xx, and every id in the answer is inside the viewer's scope;
   * outside: an id outside the scope (another company's too), answered 403 or 404, nothing changes.
   */
  expect: 'inside' | 'outside';
  /** Server-sent events: read for `sseMs` over a real connection and check each event's data. */
  sse?: boolean;
  /** The answer may name the viewer's leaderboard peers (names and one figure), not only whom they see. */
  peers?: boolean;
}

export interface AppEndpoint {
  name: string;
  /** The calls a viewer makes, inside and outside their scope. */
  calls(world: World, viewer: Viewer): EndpointCall[];
  /** Checks of an inside answer beyond the generic walk over request_id / employee ids. */
  check?(world: World, viewer: Viewer, body: unknown, call: EndpointCall): void;
}

/** Employees of the world (both companies) whose feedback the viewer may not read. */
function outsiders(world: World, viewer: Viewer): number[] {
  const ids = new Set([...world.viewers.map((other) => other.id), ...world.requests.map((request) => request.employeeId)]);
  return [...ids].filter((id) => !world.sees(viewer, id)).sort((a, b) => a - b);
}

/** Some of a list (the first, a middle one and the last): enough to probe, few enough to stay fast. */
export function some<T>(items: readonly T[]): T[] {
  return [...new Set([items[0], items[Math.floor(items.length / 2)], items[items.length - 1]])].filter((item) => item !== undefined);
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** Yesterday to tomorrow (UTC days: the generated companies keep the default time zone): every response of the world. */
const PERIOD = () => `from=${day(-1)}&to=${day(1)}`;

/** Every endpoint of the web app: sign-in and sessions, the Stream (src/modules/stream/stream.schemas.ts), then the reports. */
export const APP_ENDPOINTS: AppEndpoint[] = [
  {
    name: 'GET /app/api/me',
    calls: () => [{ method: 'GET', url: '/app/api/me', expect: 'inside' }],
    check(world, viewer, body) {
      const me = body as { employee: { id: number; email: string; sees: string; team_member_ids: number[] } };
      if (me.employee.id !== viewer.id || me.employee.email !== viewer.email) throw new Error(`/app/api/me answered ${me.employee.email}, not ${viewer.email}`);
      const team = [...me.employee.team_member_ids].sort((a, b) => a - b);
      if (JSON.stringify(team) !== JSON.stringify(world.team(viewer))) throw new Error(`team_member_ids ${team} differ from the chart's team ${world.team(viewer)}`);
    },
  },
  {
    name: 'GET /app/api/sessions',
    calls: () => [{ method: 'GET', url: '/app/api/sessions', expect: 'inside' }],
    check(_world, viewer, body) {
      const ids = (body as { sessions: { id: number }[] }).sessions.map((s) => s.id);
      if (JSON.stringify(ids) !== JSON.stringify([viewer.browser.sessionId])) throw new Error(`sessions ${ids} are not exactly their own session ${viewer.browser.sessionId}`);
    },
  },
  {
    name: 'DELETE /app/api/sessions/:id (another employee\'s session)',
    calls: (world, viewer) => {
      const colleagues = world.viewers.filter((other) => other.id !== viewer.id && other.companyId === viewer.companyId);
      const strangers = world.viewers.filter((other) => other.companyId !== viewer.companyId);
      return [...some(colleagues), ...some(strangers)].map((other) => ({ method: 'DELETE', url: `/app/api/sessions/${other.browser.sessionId}`, expect: 'outside' }));
    },
  },
  {
    name: 'GET /app/api/stream',
    calls: (world, viewer) => [
      { method: 'GET', url: '/app/api/stream?limit=100&from=2000-01-01T00:00:00Z', expect: 'inside' },
      ...some(outsiders(world, viewer)).map((id): EndpointCall => ({ method: 'GET', url: `/app/api/stream?agent=${id}`, expect: 'outside' })),
    ],
    check: (world, viewer, body) => {
      const cards = (body as { cards: { request_id: string }[] }).cards.map((c) => c.request_id).sort();
      const expected = world.requests.filter((r) => world.seesRequest(viewer, r.requestId)).map((r) => r.requestId).sort();
      if (JSON.stringify(cards) !== JSON.stringify(expected)) throw new Error(`stream cards ${cards} are not the chart's ${expected}`);
    },
  },
  {
    // Drill-down from a report: a group narrows to its members within the scope, never beyond it.
    name: 'GET /app/api/stream?group=&recovery=false',
    calls: (world, viewer) => world.groups.map((group): EndpointCall => ({
      method: 'GET',
      url: `/app/api/stream?limit=100&from=2000-01-01T00:00:00Z&recovery=false&group=${group.id}`,
      expect: group.companyId === viewer.companyId ? 'inside' : 'outside',
    })),
    check: (world, viewer, body, call) => {
      const group = world.groups.find((g) => g.id === Number(new URL(call.url, 'http://app').searchParams.get('group')))!;
      const cards = (body as { cards: { request_id: string }[] }).cards.map((c) => c.request_id).sort();
      const expected = world.requests.filter((r) => world.seesRequest(viewer, r.requestId) && group.members.includes(r.employeeId)).map((r) => r.requestId).sort();
      if (JSON.stringify(cards) !== JSON.stringify(expected)) throw new Error(`group ${group.id} cards ${cards} are not the chart's ${expected}`);
    },
  },
  {
    name: 'GET /app/api/stream/summary',
    calls: (world, viewer) => [
      { method: 'GET', url: '/app/api/stream/summary?from=2000-01-01T00:00:00Z', expect: 'inside' },
      ...some(outsiders(world, viewer)).map((id): EndpointCall => ({ method: 'GET', url: `/app/api/stream/summary?agent=${id}`, expect: 'outside' })),
    ],
    check: (world, viewer, body) => {
      const expected = world.requests.filter((r) => world.seesRequest(viewer, r.requestId)).length;
      if ((body as { responses: number }).responses !== expected) throw new Error(`summary counts ${(body as { responses: number }).responses}, the chart ${expected}`);
    },
  },
  {
    name: 'GET /app/api/stream/options',
    calls: () => [{ method: 'GET', url: '/app/api/stream/options', expect: 'inside' }],
  },
  {
    name: 'GET /app/api/feedback/:requestId',
    calls: (world, viewer) => world.requests.filter((r) => !r.isTest).map((r): EndpointCall => ({
      method: 'GET', url: `/app/api/feedback/${r.requestId}`, expect: world.seesRequest(viewer, r.requestId) ? 'inside' : 'outside',
    })),
  },
  {
    name: 'GET /app/api/stream/events (SSE)',
    calls: (world, viewer) => [
      { method: 'GET', url: '/app/api/stream/events', expect: 'inside', sse: true },
      ...some(outsiders(world, viewer)).map((id): EndpointCall => ({ method: 'GET', url: `/app/api/stream/events?agent=${id}`, expect: 'outside' })),
    ],
  },
  {
    name: 'GET /app/api/reports/metrics',
    calls: (world, viewer) => [
      { method: 'GET', url: `/app/api/reports/metrics?${PERIOD()}&group_by=employee`, expect: 'inside' },
      { method: 'GET', url: `/app/api/reports/metrics?${PERIOD()}&group_by=team`, expect: 'inside' },
      ...some(outsiders(world, viewer)).map((id): EndpointCall => ({ method: 'GET', url: `/app/api/reports/metrics?${PERIOD()}&employee=${id}`, expect: 'outside' })),
      ...some(outsiders(world, viewer)).map((id): EndpointCall => ({ method: 'GET', url: `/app/api/reports/metrics?${PERIOD()}&team=${id}`, expect: 'outside' })),
    ],
    check: (world, viewer, body) => {
      const report = body as { rows: { key: { employee?: { id: number } }; responses: number }[]; total: { responses: number } };
      const expected = world.requests.filter((r) => world.seesRequest(viewer, r.requestId));
      if (report.total.responses !== expected.length) throw new Error(`the report counts ${report.total.responses} responses, the chart ${expected.length}`);
      for (const row of report.rows) {
        if (!row.key.employee) continue;
        const own = expected.filter((r) => r.employeeId === row.key.employee!.id).length;
        if (row.responses !== own) throw new Error(`employee ${row.key.employee.id}: ${row.responses} responses, the chart ${own}`);
      }
    },
  },
  {
    name: 'GET /app/api/reports/averages',
    calls: () => [{ method: 'GET', url: `/app/api/reports/averages?${PERIOD()}`, expect: 'inside' }],
  },
  {
    name: 'GET /app/api/reports/leaderboard',
    calls: () => [{ method: 'GET', url: `/app/api/reports/leaderboard?${PERIOD()}&metric=star_rating_avg&min_responses=0`, expect: 'inside', peers: true }],
    check: (world, viewer, body) => {
      const board = body as { ranked: { employee: { id: number } }[]; unranked: { employee: { id: number } }[] };
      const peers = new Set(world.leaderboardPeers(viewer));
      for (const entry of [...board.ranked, ...board.unranked]) if (!peers.has(entry.employee.id)) throw new Error(`leaderboard names ${entry.employee.id}, not a peer`);
    },
  },
  {
    name: 'GET /app/api/reports/options',
    calls: () => [{ method: 'GET', url: '/app/api/reports/options', expect: 'inside' }],
  },
  {
    name: 'GET /app/api/reports/funnel',
    calls: () => [{ method: 'GET', url: `/app/api/reports/funnel?${PERIOD()}`, expect: 'inside' }],
    check: (world, viewer, body) => {
      // Every request of the world was answered with a star rating; only sent ones count as delivered.
      const funnel = body as { delivered: { count: number }; opened_or_clicked: { count: number } };
      const visible = world.requests.filter((r) => world.seesRequest(viewer, r.requestId)).length;
      if (funnel.delivered.count > visible || funnel.opened_or_clicked.count > visible) throw new Error(`the funnel counts ${funnel.delivered.count} delivered of ${visible} requests the viewer sees`);
    },
  },
  {
    // Admins only: everyone else is refused, and no one reaches another company's brands.
    name: 'GET /app/api/brands',
    calls: (world, viewer) => [{ method: 'GET', url: '/app/api/brands', expect: world.admin(viewer) ? 'inside' : 'outside' }],
    check: (world, viewer, body) => {
      const ids = (body as { brands: { id: number }[] }).brands.map((b) => b.id).sort((a, b) => a - b);
      const own = world.brands.filter((b) => b.companyId === viewer.companyId).map((b) => b.id).sort((a, b) => a - b);
      if (JSON.stringify(ids) !== JSON.stringify(own)) throw new Error(`brands ${ids} are not the company's ${own}`);
    },
  },
  {
    name: 'PUT /app/api/brands/:id, PUT and DELETE /app/api/brands/:id/logo',
    calls: (world, viewer) => world.brands.flatMap((brand): EndpointCall[] => {
      const mine = brand.companyId === viewer.companyId && world.admin(viewer);
      return [
        ...(mine ? [] : [{ method: 'PUT', url: `/app/api/brands/${brand.id}`, expect: 'outside' } as EndpointCall, { method: 'PUT', url: `/app/api/brands/${brand.id}/logo`, expect: 'outside' } as EndpointCall]),
        { method: 'DELETE', url: `/app/api/brands/${brand.id}/logo`, expect: mine ? 'inside' : 'outside' },
      ];
    }),
  },
  {
    // Admins only (the role's admin capability): everyone else is refused before anything is read.
    name: 'GET /app/api/connections, GET /app/api/connection-kinds',
    calls: (world, viewer) => [
      { method: 'GET', url: '/app/api/connections', expect: world.admin(viewer) ? 'inside' : 'outside' },
      { method: 'GET', url: '/app/api/connection-kinds', expect: world.admin(viewer) ? 'inside' : 'outside' },
    ],
    check: (_world, _viewer, body, call) => {
      if (call.url === '/app/api/connections' && (body as { connections: unknown[] }).connections.length !== 0) throw new Error('the world has no connections, yet some are listed');
    },
  },
  {
    // No connection of the world has these ids: 404 for admins, 403 for everyone else; writes need a body, so only refusals are probed.
    name: 'GET/PATCH/DELETE /app/api/connections/:id, its events (and retrying one), dry run and test event; POST /app/api/connections (non-admins)',
    calls: (world, viewer) => [
      { method: 'GET', url: '/app/api/connections/2147483647', expect: 'outside' },
      { method: 'PATCH', url: '/app/api/connections/2147483647', expect: 'outside' },
      { method: 'DELETE', url: '/app/api/connections/2147483647', expect: 'outside' },
      { method: 'GET', url: '/app/api/connections/2147483647/events', expect: 'outside' },
      { method: 'POST', url: '/app/api/connections/2147483647/events/1/retry', expect: 'outside' },
      { method: 'POST', url: '/app/api/connections/2147483647/dry-run', expect: 'outside' },
      { method: 'POST', url: '/app/api/connections/2147483647/test-event', expect: 'outside' },
      ...(world.admin(viewer) ? [] : [{ method: 'POST', url: '/app/api/connections', expect: 'outside' } as EndpointCall]),
    ],
  },
  {
    // Slack and Teams alert rules: admins only (the world has none; a rule id no company has is 404 to admins).
    name: 'GET /app/api/alerts',
    calls: (world, viewer) => [{ method: 'GET', url: '/app/api/alerts', expect: world.admin(viewer) ? 'inside' : 'outside' }],
    check: (_world, _viewer, body) => {
      if (!Array.isArray((body as { rules: unknown }).rules)) throw new Error('no rules array');
    },
  },
  {
    name: 'POST /app/api/alerts, PATCH/DELETE /app/api/alerts/:id, POST /app/api/alerts/:id/test',
    calls: (world, viewer): EndpointCall[] => [
      ...(world.admin(viewer) ? [] : [{ method: 'POST', url: '/app/api/alerts', expect: 'outside' } as EndpointCall]),
      { method: 'PATCH', url: '/app/api/alerts/2147483647', expect: 'outside' },
      { method: 'DELETE', url: '/app/api/alerts/2147483647', expect: 'outside' },
      { method: 'POST', url: '/app/api/alerts/2147483647/test', expect: 'outside' },
    ],
  },
  {
    // Removing a photo one does not have changes nothing; the profile and upload need a body (test/employee-photo.test.ts).
    name: 'DELETE /app/api/me/photo',
    calls: () => [{ method: 'DELETE', url: '/app/api/me/photo', expect: 'inside' }],
  },
  {
    // Only admins (manage_users) change another employee's photo, and only in their own company: the other company's employees are refused.
    name: 'PUT/DELETE /app/api/employees/:id/photo (another company\'s employee)',
    calls: (world, viewer) => some(world.viewers.filter((other) => other.companyId !== viewer.companyId)).flatMap((other): EndpointCall[] => [
      { method: 'PUT', url: `/app/api/employees/${other.id}/photo`, expect: 'outside' },
      { method: 'DELETE', url: `/app/api/employees/${other.id}/photo`, expect: 'outside' },
    ]),
  },
];
