import type { Page } from 'playwright-core';
import type { EmployeeRow } from '../../src/db/schema.ts';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { TeamLeadersRepository } from '../../src/modules/employees/team-leaders.repository.ts';
import { createCompany, createEmployee, uniqueName } from './factories.ts';
import { PASSWORD, setPassword } from './sessions.ts';
import { answer, type Answers } from './stream.ts';
import type { TestContext } from './test-app.ts';

/** A request of `agent` for a customer called `customer`, stored through POST /v1/requests and answered (as the survey would). */
export async function answeredRequest(ctx: TestContext, company: CompanyCredentials, agent: EmployeeRow, customer: string, given: Answers, options: { channel?: string; brand?: string } = {}) {
  const response = await ctx.as(company).post('/v1/requests', {
    customer: { name: customer, email: `${uniqueName('customer')}@example.com` },
    employee: { email: agent.email },
    channel: options.channel ?? 'chat',
    brand: options.brand ?? 'peak',
    language: 'en',
    ext_interaction_id: uniqueName('t'),
    external_url: 'https://helpdesk.example/t/1',
  });
  if (response.statusCode !== 200) throw new Error(`request answered ${response.statusCode}: ${response.body}`);
  const requestId = response.json().request_id as string;
  const row = await ctx.db.kysely.selectFrom('interactions').select('id').where('uuid', '=', requestId).executeTakeFirstOrThrow();
  await answer(ctx.db, company.id, Number(row.id), given);
  return requestId;
}

/**
 * A small org: company A with an admin (Ada), two team leaders (Lea, Leo), Mia (led by Lea), Max
 * (led by Lea and Leo) and Moe (led by Leo); company B with its admin (Olga). One customer name per
 * response, so a Stream's cards say whose responses it shows.
 */
export async function webOrg(ctx: TestContext) {
  const company = await createCompany(ctx.services, { brands: ['peak', 'kids'], channels: ['chat', 'email', 'phone'] });
  const add = (firstName: string, input: Parameters<typeof createEmployee>[2] = {}) => createEmployee(ctx.services, company.id, { firstName, lastName: 'Test', ...input });
  const admin = await add('Ada', { role: 'Admin' });
  const lea = await add('Lea', { role: 'Team Leader' });
  const leo = await add('Leo', { role: 'Team Leader' });
  const mia = await add('Mia', { teamLeaderId: lea.id });
  const max = await add('Max', { teamLeaderId: lea.id });
  await TeamLeadersRepository.replace(ctx.db.kysely, company.id, max.id, [lea.id, leo.id]);
  const moe = await add('Moe', { teamLeaderId: leo.id });
  const other = await createCompany(ctx.services, { brands: ['peak'] });
  const olga = await createEmployee(ctx.services, other.id, { firstName: 'Olga', lastName: 'Test', role: 'Admin' });
  const people = { admin, lea, leo, mia, max, moe, olga };
  for (const person of Object.values(people)) await setPassword(ctx.db, person);

  const ids: Record<string, string> = {};
  ids['Alice Archer'] = await answeredRequest(ctx, company, mia, 'Alice Archer', { stars: 5, nps: 10, fcr: 'Yes', excellence: ['Friendly'], comment: 'Quick and kind' });
  ids['Bruno Baker'] = await answeredRequest(ctx, company, mia, 'Bruno Baker', { stars: 2, nps: 3, fcr: 'No', improvement: ['Speed'] }, { channel: 'email', brand: 'kids' });
  ids['Carla Cruz'] = await answeredRequest(ctx, company, max, 'Carla Cruz', { stars: 4, nps: 8, fcr: 'Yes' });
  ids['Dario Diaz'] = await answeredRequest(ctx, company, moe, 'Dario Diaz', { stars: 3, nps: 7, comment: 'It was fine' }, { channel: 'email' });
  ids['Elena Estes'] = await answeredRequest(ctx, company, lea, 'Elena Estes', { stars: 5, nps: 9, fcr: 'Yes' }, { channel: 'phone' });
  ids['Zoe Zimmer'] = await answeredRequest(ctx, other, olga, 'Zoe Zimmer', { stars: 5 });
  return { company, other, people, ids };
}

/** Signs in through the login form and waits for the Stream. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
}

/** The customer names of the Stream's cards, once every page of them is loaded. */
export async function cardNames(page: Page): Promise<string[]> {
  const region = page.getByRole('region', { name: 'Responses' });
  await region.getByText(/You have reached the first response|No responses/).first().waitFor();
  return (await region.getByRole('heading', { level: 3 }).allTextContents()).sort();
}

/** The figure of one summary metric ("Responses", "Average stars", ...), as shown. */
export async function metric(page: Page, name: string): Promise<string> {
  const figure = page.locator('.metric', { has: page.getByText(name, { exact: true }) }).locator('dd');
  await page.getByRole('region', { name: 'Summary' }).and(page.locator('[aria-busy=false]')).waitFor();
  return ((await figure.textContent()) ?? '').trim();
}

/** Whether the page scrolls sideways (wider content than the viewport). */
export function overflows(page: Page): Promise<boolean> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);
}
