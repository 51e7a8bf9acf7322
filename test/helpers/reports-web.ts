import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EmployeeRow } from '../../src/db/schema.ts';
import { rebuildCompanyRollups } from '../../src/modules/reports/rollup-rebuild.ts';
import { DESKTOP, launchChromium, personContext } from './browser.ts';
import { createCompany, createEmployee } from './factories.ts';
import { setPassword } from './sessions.ts';
import { answer, type Answers } from './stream.ts';
import { createListeningTestContext, type TestContext } from './test-app.ts';
import { answeredRequest, overflows, signInThroughForm } from './web-app.ts';

/*
 * The team of the leaderboard and service recovery browser tests, and what those tests share:
 * signing in, waiting for figures, layout checks and screenshots (WEB_SHOTS_DIR).
 */

export type Who = 'admin' | 'lea' | 'ann' | 'ben' | 'cat' | 'dan' | 'eve' | 'finn' | 'gus' | 'hal';

/**
 * Lea leads eight agents, all answered today. Star averages: Ann 5.00 (3 ratings), Ben 4.33 (3),
 * Cat 4.33 (3, by email), Dan 3.33 (3), Finn 2.00 (3), Eve 5.00 (1), Gus 3.00 (1), Hal none.
 * Finn's three poorly rated responses got service recoveries, all sent: one answered 4 stars
 * (first 2: improved), one answered 1 star (first 1: not), one not answered.
 */
export async function reportsOrg(ctx: TestContext) {
  const company = await createCompany(ctx.services, { brands: ['peak'], channels: ['chat', 'email'] });
  const add = (firstName: string, lastName: string, input: Parameters<typeof createEmployee>[2] = {}) =>
    createEmployee(ctx.services, company.id, { firstName, lastName, ...input });
  const admin = await add('Ada', 'Admin', { role: 'Admin' });
  const lea = await add('Lea', 'Lead', { role: 'Team Leader' });
  const agent = (first: string, last: string) => add(first, last, { teamLeaderId: lea.id });
  const people: Record<Who, EmployeeRow> = {
    admin, lea,
    ann: await agent('Ann', 'Avery'), ben: await agent('Ben', 'Baker'), cat: await agent('Cat', 'Cruz'), dan: await agent('Dan', 'Diaz'),
    eve: await agent('Eve', 'Estes'), finn: await agent('Finn', 'Ford'), gus: await agent('Gus', 'Gray'), hal: await agent('Hal', 'Hill'),
  };
  for (const person of Object.values(people)) await setPassword(ctx.db, person);
  const respond = (agentRow: EmployeeRow, answers: Answers, options: { channel?: string } = {}) =>
    answeredRequest(ctx, company, agentRow, 'Casey Customer', answers, options);
  /** A service recovery of `parent`, sent now and (with `stars`) answered. */
  const recovery = async (parent: string, stars?: number) => {
    const response = await ctx.as(company).post('/v1/recoveries', { initial_feedback_request_id: parent });
    assert.equal(response.statusCode, 200, response.body);
    const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', response.json().request_id).executeTakeFirstOrThrow();
    await ctx.db.kysely.updateTable('interactions').set({ sent_at: Date.now() }).where('id', '=', row.id).execute();
    if (stars !== undefined) await answer(ctx.db, company.id, Number(row.id), { stars });
  };
  for (const stars of [5, 5, 5]) await respond(people.ann, { stars, nps: 10 });
  for (const stars of [4, 5, 4]) await respond(people.ben, { stars });
  for (const stars of [5, 4, 4]) await respond(people.cat, { stars }, { channel: 'email' });
  for (const stars of [3, 3, 4]) await respond(people.dan, { stars });
  await respond(people.eve, { stars: 5 });
  await respond(people.gus, { stars: 3 });
  const low = [await respond(people.finn, { stars: 2 }), await respond(people.finn, { stars: 1 }), await respond(people.finn, { stars: 3 })];
  await recovery(low[0]!, 4);
  await recovery(low[1]!, 1);
  await recovery(low[2]!);
  // The figures come from the rollups: bring them up to date with what was just written.
  const refresh = () => rebuildCompanyRollups(ctx.db.kysely, company.id);
  await refresh();
  return { company, people, respond, refresh };
}

/** Browsers signed in as people of the org; closes them all at the end; collects CSP violations. */
export function browserSessions(browser: () => Browser, baseUrl: () => string, people: () => Record<Who, EmployeeRow>) {
  const contexts: BrowserContext[] = [];
  const cspViolations: string[][] = [];
  return {
    cspViolations,
    async signedIn(who: Who, viewport = DESKTOP): Promise<Page> {
      const { context, cspViolations: csp } = await personContext(browser(), { viewport });
      contexts.push(context);
      cspViolations.push(csp);
      const page = await context.newPage();
      await signInThroughForm(page, baseUrl(), people()[who].email);
      return page;
    },
    async closeAll() {
      for (const context of contexts) await context.close();
    },
  };
}

/**
 * What a browser test of the report pages starts from: a listening server, Chromium, the org above
 * and its people's browsers, set up before the file's tests and closed after them.
 */
export function reportsBrowserWorld() {
  const world = {} as { ctx: TestContext; baseUrl: string; browser: Browser; org: Awaited<ReturnType<typeof reportsOrg>> };
  const sessions = browserSessions(() => world.browser, () => world.baseUrl, () => world.org.people);
  before(async () => {
    ({ ctx: world.ctx, baseUrl: world.baseUrl } = await createListeningTestContext());
    world.browser = await launchChromium();
    world.org = await reportsOrg(world.ctx);
  });
  after(async () => {
    await sessions.closeAll();
    await world.browser.close();
    await world.ctx.close();
  });
  return Object.assign(world, { sessions });
}

/** Waits until `read` answers `expected` (the data arrives after the page), then asserts it. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  assert.deepEqual(last, expected);
}

/** The elements that reach past the viewport's right edge (to say what widens the page). */
function widest(page: Page): Promise<string> {
  return page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-5).map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.') + ' ' + Math.round(element.getBoundingClientRect().right) + 'px').join(', ')`) as Promise<string>;
}

/** The page does not scroll sideways. */
export async function assertFits(page: Page, what: string): Promise<void> {
  assert.equal(await overflows(page), false, `${what} scrolls sideways: ${await widest(page)}`);
}

/** Waits for finite animations (popovers fading in) to end. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(`Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished))`);
}

/** A full-page screenshot in WEB_SHOTS_DIR, when it is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.WEB_SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await settle(page);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
