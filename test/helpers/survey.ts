import type { ParsedMail } from 'mailparser';
import type { WorkerOptions } from '../../src/outbox/outbox-worker.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startWorker } from '../../src/outbox/start-worker.ts';
import type { NewEmployee } from '../../src/modules/employees/employees.repository.ts';
import { createCompany, createEmployee, uniqueName } from './factories.ts';
import { createTestContext, type TestContext } from './test-app.ts';

/** A company with brands blancapeak/blancakids, several languages, Samantha as agent, and survey settings. */
export async function surveyCompany(ctx: TestContext, settings: string[] = [], employee: Partial<NewEmployee> = {}) {
  const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'], languages: ['en', 'es', 'fr', 'de', 'pt', 'nl', 'it', 'ja'] });
  const agent = await createEmployee(ctx.services, company.id, { profileText: 'Ten years helping skiers find the right gear.', image: 'https://cdn.example/samantha.png', ...employee });
  await ctx.services.companies.setSettings(company.subdomain, ['brand_display_names.blancapeak=Blanca Peak', 'reward_names=Coffee,Lunch', ...settings]);
  return { company, agent };
}

/** A request body for the agent; the customer email is unique unless given. */
export function requestBody(agent: { email: string }, overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Simone', email: `${uniqueName('simone')}@example.com` },
    employee: { email: agent.email },
    channel: 'chat',
    brand: 'blancapeak',
    language: 'en',
    ext_interaction_id: uniqueName('t'),
    ...overrides,
  };
}

export async function postRequest(ctx: TestContext, apiKey: string, body: unknown, url = '/v1/requests'): Promise<string> {
  const response = await ctx.app.inject({ method: 'POST', url, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  return response.json().request_id as string;
}

export async function interaction(ctx: TestContext, uuid: string) {
  return ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();
}

export async function outboxRows(ctx: TestContext, interactionId: number) {
  return ctx.db.kysely.selectFrom('outbox').selectAll().where('interaction_id', '=', interactionId).execute();
}

/** Polls until `check` returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The survey token from an email's star links. */
export function tokenFromMail(mail: ParsedMail): string {
  const match = /\/s\/([A-Za-z0-9_-]{32})\/rate\/5/.exec(mail.text ?? '');
  if (!match) throw new Error('no star link in the email');
  return match[1];
}

export function fastWorker(ctx: TestContext, options: WorkerOptions = {}) {
  return startWorker(ctx.services, { pollMs: 20, backoffBaseMs: 50, log: undefined, ...options });
}

/** A test app that sends email to a real SMTP sink, with a fast outbox worker running. */
export async function startMailingApp(env: Record<string, string> = {}) {
  const sink = await startSmtpSink();
  const ctx = await createTestContext({ SMTP_URL: sink.url, ...env });
  const worker = fastWorker(ctx);
  const close = async () => {
    await worker.stop();
    await ctx.close();
    await sink.close();
  };
  return { sink, ctx, worker, close };
}

/** The csrf cookie and hidden value of a survey page response. */
export function csrfOf(response: { headers: Record<string, unknown>; body: string }): { cookie: string; csrf: string } {
  const setCookie = String(response.headers['set-cookie'] ?? '');
  const cookie = /ac_csrf=([^;]+)/.exec(setCookie)?.[1] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? '';
  return { cookie: `ac_csrf=${cookie}`, csrf };
}

/** Posts a feedback request and waits for its survey email; returns the request id and the survey token. */
export async function sendSurvey(ctx: TestContext, sink: SmtpSink, apiKey: string, body: { customer: { email: string } }, to = body.customer.email) {
  const requestId = await postRequest(ctx, apiKey, body);
  const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(to)));
  return { requestId, token: tokenFromMail(mail.parsed) };
}
