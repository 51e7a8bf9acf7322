import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS } from '../src/modules/connections/adapters/index.ts';
import type { HelpdeskAdapter } from '../src/modules/connections/connection.types.ts';
import { ConnectionsRepository } from '../src/modules/connections/connections.repository.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { eventually, startMailingApp } from './helpers/survey.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import type { TestContext } from './helpers/test-app.ts';

const PUBLIC_URL = 'https://feedback.example.test';
const KEY_1 = randomBytes(32).toString('base64');

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let company: Awaited<ReturnType<typeof createCompany>>;
let agent: Awaited<ReturnType<typeof createEmployee>>;
let tmp: string;

const cli = (...args: string[]) => runCli(ctx.env, ...args);

async function cliJson(...args: string[]) {
  const result = await cli(...args, '--json');
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

const MAPPING = {
  'customer.email': '/ticket/requester/email',
  'customer.name': '/ticket/requester/name',
  'employee.email': '/ticket/assignee/email',
  ext_interaction_id: '/ticket/id',
  channel: '/ticket/via',
  tags: '/ticket/tags',
  external_url: '/ticket/link',
  'custom_properties.order_id': '/order',
  when: { pointer: '/ticket/status', equals: 'closed' },
};

function ticket(overrides: { id?: string; status?: string; tags?: string; assignee?: string; customer?: string } = {}) {
  return {
    ticket: {
      id: overrides.id ?? uniqueName('T-'),
      status: overrides.status ?? 'closed',
      requester: { email: overrides.customer ?? `${uniqueName('cust')}@example.com`, name: 'Casey Customer' },
      assignee: { email: overrides.assignee ?? agent.email },
      via: 'Email',
      tags: overrides.tags ?? 'vip, billing',
      link: 'https://helpdesk.example.com/tickets/1',
    },
    order: 4711,
  };
}

/** A generic connection with MAPPING, through the CLI, or (quicker) the service the CLI calls. */
async function addGeneric(name = uniqueName('generic'), viaCli = false): Promise<{ id: number; kind: string; name: string; inbound_url: string; signing_secret: string }> {
  if (!viaCli) return (await ctx.services.connections.create(company.id, { kind: 'generic', name, mapping: MAPPING })) as { id: number; kind: string; name: string; inbound_url: string; signing_secret: string };
  const mapping = writeJson(`${name}.json`, MAPPING);
  return cliJson('connection', 'add', '--company', company.subdomain, '--kind', 'generic', '--name', name, '--mapping', mapping);
}

function post(inboundUrl: string, body: unknown, headers: Record<string, string> = {}) {
  const url = new URL(inboundUrl).pathname;
  return ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function events(connectionId: number) {
  return ctx.db.kysely.selectFrom('connection_events').selectAll().where('connection_id', '=', connectionId).orderBy('id').execute();
}

async function record(requestId: string) {
  const response = await ctx.as(company).get('/v2/data?limit=1000');
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { uuid: string }[]).find((r) => r.uuid === requestId) as Record<string, any> | undefined;
}

before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ PUBLIC_URL, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', INTEGRATION_SECRETS_KEY: KEY_1 }));
  company = await createCompany(ctx.services, { brands: ['acme'], channels: ['email', 'chat'] });
  agent = await createEmployee(ctx.services, company.id);
  tmp = fs.mkdtempSync(path.join(ctx.database.dataDir, 'connections-'));
});

after(async () => {
  await close();
});

describe('connection add, list, show, remove', () => {
  it('adds a generic connection with an absolute inbound URL and a generated secret', async () => {
    const created = await addGeneric('Zapier', true);
    assert.deepEqual(Object.keys(created).sort(), ['id', 'inbound_url', 'kind', 'name', 'signing_secret']);
    assert.equal(created.kind, 'generic');
    assert.equal(created.name, 'Zapier');
    assert.match(created.inbound_url, new RegExp(`^${PUBLIC_URL}/inbound/[A-Za-z0-9_-]{32}$`));
    assert.match(created.signing_secret, /^[A-Za-z0-9_-]{43}$/);

    const listed = await cliJson('connection', 'list', '--company', company.subdomain);
    const view = listed.connections.find((c: { id: number }) => c.id === created.id);
    assert.equal(view.inbound_url, created.inbound_url);
    assert.equal(view.label, 'Generic webhook');

    const shown = await cli('connection', 'show', '--company', company.subdomain, String(created.id));
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes(created.inbound_url), shown.stdout);
    assert.ok(shown.stdout.includes(`X-Agent-Connect-Secret: ${created.signing_secret}`), shown.stdout);
    assert.ok(shown.stdout.includes('/ticket/requester/email'), shown.stdout);

    const again = await cli('connection', 'add', '--company', company.subdomain, '--kind', 'generic', '--name', 'Zapier', '--mapping', writeJson('again.json', MAPPING));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /name "Zapier" is already used/);

    const removed = await cli('connection', 'remove', '--company', company.subdomain, String(created.id));
    assert.equal(removed.code, 0, removed.stderr);
    const gone = await ctx.services.connections.list(company.id);
    assert.equal(gone.some((c) => c.id === created.id), false);
    assert.equal((await post(created.inbound_url, ticket(), { 'x-agent-connect-secret': created.signing_secret })).statusCode, 404);
  });

  it('refuses a mapping naming an unknown field or an invalid pointer, and a bad api base', async () => {
    const unknown = await cli('connection', 'add', '--company', company.subdomain, '--kind', 'generic', '--name', uniqueName('bad'), '--mapping', writeJson('unknown.json', { ...MAPPING, 'customer.emial': '/x' }));
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /mapping\.customer\.emial is not a feedback-request field/);
    const add = (input: Record<string, unknown>) => ctx.services.connections.create(company.id, { kind: 'generic', name: uniqueName('bad'), mapping: MAPPING, ...input });
    await assert.rejects(add({ mapping: { ...MAPPING, ext_interaction_id: 'ticket/id' } }), /mapping\.ext_interaction_id must be a JSON Pointer/);
    await assert.rejects(add({ mapping: { ...MAPPING, tags: '/a~2b' } }), /mapping\.tags has a ~ not followed by 0 or 1/);
    await assert.rejects(add({ mapping: { ...MAPPING, channel: { value: 'chat' } } }), /mapping\.channel must be a JSON Pointer string or \{"const": value\}/);
    await assert.rejects(add({ mapping: { ...MAPPING, when: { pointer: '/status' } } }), /mapping\.when must be/);
    await assert.rejects(add({ api_base: 'ftp://x' }), /api_base must be an http or https URL/);
    await assert.rejects(add({ channel: 'fax' }), /channel must be one of: email, chat/);
    await assert.rejects(add({ mapping: undefined }), /mapping is required/);
    assert.equal((await ctx.services.connections.list(company.id)).some((c) => c.name.startsWith('bad')), false);
  });

  it('a connection brand stands in for events that name none, and must be one of the company\'s brands', async () => {
    const multi = await createCompany(ctx.services, { brands: ['north', 'south'], channels: ['email', 'chat'] });
    await assert.rejects(ctx.services.connections.create(multi.id, { kind: 'generic', name: 'West', mapping: MAPPING, brand: 'west' }), /brand must be one of: north, south/);
    const created = await ctx.services.connections.create(multi.id, { kind: 'generic', name: 'South shop', mapping: MAPPING, brand: 'SOUTH' });
    assert.equal((await ctx.services.connections.list(multi.id))[0].brand, 'south');
    const person = { email: agent.email, name: 'Ada Agent' };
    const tried = await ctx.services.connections.tryEvent(multi.id, created.id, ticket({ id: 'T-BRAND' }), 'dry-run', person);
    assert.equal(tried.request?.brand, 'south');
    assert.ok(!tried.errors.some((error) => error.startsWith('brand')), tried.errors.join('; '));
  });

  it('connection update changes it in place: same URL, a fresh secret on request, fields checked as on add, nothing changed on a refusal', async () => {
    const created = await addGeneric(uniqueName('edit'), true);
    const taken = await addGeneric();
    const update = (...args: string[]) => cli('connection', 'update', '--company', company.subdomain, String(created.id), ...args);

    const updated = JSON.parse((await update('--channel', 'CHAT', '--new-signing-secret', '--json')).stdout);
    assert.equal(updated.inbound_url, created.inbound_url, 'the URL pasted into the helpdesk stays');
    assert.equal(updated.kind, 'generic');
    assert.match(updated.signing_secret, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(updated.signing_secret, created.signing_secret);
    assert.equal((await ctx.services.connections.list(company.id)).find((c) => c.id === created.id)?.channel, 'chat');

    assert.equal((await post(created.inbound_url, ticket(), { 'x-agent-connect-secret': created.signing_secret })).statusCode, 401, 'the old secret stops working');
    const answer = await post(created.inbound_url, ticket(), { 'x-agent-connect-secret': updated.signing_secret });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal((await record(answer.json().request_id))?.channel, 'chat', 'the new channel override applies');

    const before = await ctx.db.kysely.selectFrom('connections').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const refusals: [string[], RegExp][] = [
      [['--mapping', writeJson('bad-edit.json', { ...MAPPING, 'customer.emial': '/x' })], /mapping\.customer\.emial is not a feedback-request field/],
      [['--channel', 'fax'], /channel must be one of: email, chat/],
      [['--api-base', 'ftp://x'], /api_base must be an http or https URL/],
      [['--delay-minutes', '-5'], /delay_minutes must be a whole number of minutes from 0 to 10080/],
      [['--name', taken.name], new RegExp(`name "${taken.name}" is already used`)],
      [['--signing-secret', 'x', '--new-signing-secret'], /not both/],
    ];
    for (const [args, reason] of refusals) {
      const refused = await update(...args);
      assert.equal(refused.code, 1, args.join(' '));
      assert.match(refused.stderr, reason);
    }
    assert.deepEqual(await ctx.db.kysely.selectFrom('connections').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow(), before, 'a refused change stores nothing');

    const renamed = JSON.parse((await update('--name', 'Renamed hook', '--channel', '', '--signing-secret', 'chosen-by-admin', '--json')).stdout);
    assert.equal(renamed.name, 'Renamed hook');
    assert.equal(renamed.signing_secret, 'chosen-by-admin');
    const view = (await ctx.services.connections.list(company.id)).find((c) => c.id === created.id);
    assert.equal(view?.channel, null, '"" clears the channel override');
    const detail = await ctx.services.connections.detail(company.id, created.id, { email: agent.email, name: 'Ada Agent' });
    assert.deepEqual(detail.mapping, MAPPING, 'the mapping is kept when not given');

    const other = await createCompany(ctx.services);
    const foreign = await cli('connection', 'update', '--company', other.subdomain, String(created.id), '--name', 'Mine now');
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /no connection/);
    assert.equal((await ctx.services.connections.list(company.id)).find((c) => c.id === created.id)?.name, 'Renamed hook');
  });

  it('with several languages, an event naming none the company has gets the connection\'s language, else the company\'s first', async () => {
    const bilingual = await createCompany(ctx.services, { brands: ['acme'], channels: ['email', 'chat'], languages: ['en', 'es'] });
    const person = { email: agent.email, name: 'Ada Agent' };
    await createEmployee(ctx.services, bilingual.id, { email: agent.email });
    const mapping = { ...MAPPING, language: '/ticket/language' };
    await assert.rejects(ctx.services.connections.create(bilingual.id, { kind: 'generic', name: 'German', mapping, language: 'de' }), /language must be one of: en, es/);
    const plain = await ctx.services.connections.create(bilingual.id, { kind: 'generic', name: 'Plain', mapping });
    const spanish = await ctx.services.connections.create(bilingual.id, { kind: 'generic', name: 'Spanish desk', mapping, language: 'ES' });
    assert.equal((await ctx.services.connections.list(bilingual.id)).find((c) => c.id === spanish.id)?.language, 'es');
    const outcome = async (id: number, language: string | undefined) => {
      const body = ticket({ id: uniqueName('T-LANG') }) as { ticket: Record<string, unknown> };
      if (language !== undefined) body.ticket.language = language;
      const tried = await ctx.services.connections.tryEvent(bilingual.id, id, body, 'dry-run', person);
      assert.deepEqual(tried.errors, [], tried.reason ?? '');
      return tried.request?.language;
    };
    assert.equal(await outcome(plain.id, undefined), 'en', 'none named: the company\'s first language, not a refusal');
    assert.equal(await outcome(spanish.id, undefined), 'es', 'none named: the connection\'s');
    assert.equal(await outcome(spanish.id, 'fr'), 'es', 'one the company lacks: the connection\'s');
    assert.equal(await outcome(plain.id, 'es-MX'), 'es-MX', 'one the company has is kept');
    const cleared = await ctx.services.connections.update(bilingual.id, spanish.id, { language: null });
    assert.equal(cleared.inbound_url, spanish.inbound_url);
    assert.equal(await outcome(spanish.id, undefined), 'en');
  });

  it("another company's admin neither sees nor removes it", async () => {
    const created = await addGeneric();
    const other = await createCompany(ctx.services);
    const listed = await cliJson('connection', 'list', '--company', other.subdomain);
    assert.deepEqual(listed.connections, []);
    const shown = await cli('connection', 'show', '--company', other.subdomain, String(created.id));
    assert.equal(shown.code, 1);
    assert.match(shown.stderr, /no connection/);
    await assert.rejects(ctx.services.connections.remove(other.id, created.id), /no connection/);
    await assert.rejects(ctx.services.connections.tryEvent(other.id, created.id, undefined, 'test', { email: 'x@example.com', name: 'X' }), /no connection/);
    await assert.rejects(ctx.services.connections.detail(other.id, created.id, { email: 'x@example.com', name: 'X' }), /no connection/);
    assert.ok(await ctx.services.connections.detail(company.id, created.id, { email: 'x@example.com', name: 'X' }));
  });
});

describe('a generic connection receiving events', () => {
  it('makes the request: the survey email goes out and /v2/data has the interaction; a redelivery sends nothing', async () => {
    const created = await addGeneric();
    const customer = `${uniqueName('casey')}@example.com`;
    const body = ticket({ id: 'T-9001', customer });
    const first = await post(created.inbound_url, body, { 'x-agent-connect-secret': created.signing_secret });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().status, 'created');
    const requestId = first.json().request_id;

    const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(customer)));
    assert.ok(mail);
    const data = await record(requestId);
    assert.ok(data, 'the interaction is in /v2/data');
    assert.equal(data.employee.email, agent.email);
    assert.equal(data.customer.email, customer);
    assert.equal(data.customer.full_name, 'Casey Customer');
    assert.equal(data.channel, 'email', 'Email is the company channel email');
    assert.deepEqual(data.tags, ['vip', 'billing']);
    assert.equal(data.ext_interaction_id, 'T-9001');
    assert.equal(data.external_url, 'https://helpdesk.example.com/tickets/1');
    assert.equal(data.custom_properties.order_id, '4711');

    const again = await post(created.inbound_url, body, { authorization: `Bearer ${created.signing_secret}` });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { status: 'duplicate', request_id: requestId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.received.filter((m) => m.envelopeTo.includes(customer)).length, 1);
    const logged = await events(created.id);
    assert.equal(logged.length, 1);
    assert.equal(logged[0].status, 'created');
    assert.equal(Number(logged[0].deliveries), 2);
    assert.equal(logged[0].request_id, requestId);
    assert.equal(logged[0].body, null, 'the body is not kept once the request is made');
  });

  it('refuses a missing or wrong secret with 401 and logs it, without the secret', async () => {
    const created = await addGeneric();
    const missing = await post(created.inbound_url, ticket());
    assert.equal(missing.statusCode, 401);
    const wrong = await post(created.inbound_url, ticket(), { 'x-agent-connect-secret': 'guess' });
    assert.equal(wrong.statusCode, 401);
    const bearer = await post(created.inbound_url, ticket(), { authorization: 'Bearer guess' });
    assert.equal(bearer.statusCode, 401);
    const logged = await events(created.id);
    assert.deepEqual(logged.map((e) => e.status), ['unauthorized', 'unauthorized', 'unauthorized']);
    assert.match(String(logged[0].detail), /no X-Agent-Connect-Secret/);
    for (const e of logged) assert.ok(!String(e.detail).includes(created.signing_secret) && !String(e.detail).includes('guess'));

    // A sender that keeps failing the same way adds to the newest row instead of a row each time...
    for (let i = 0; i < 10; i++) assert.equal((await post(created.inbound_url, ticket(), { authorization: 'Bearer guess' })).statusCode, 401);
    const flooded = await events(created.id);
    assert.equal(flooded.length, 3);
    assert.deepEqual(flooded.map((e) => Number(e.deliveries)), [1, 1, 11]);
    assert.ok(Number(flooded[2].last_received_at) >= Number(flooded[2].received_at));
    // ...until something else happens in between.
    assert.equal((await post(created.inbound_url, ticket({ status: 'open' }), { authorization: `Bearer ${created.signing_secret}` })).statusCode, 202);
    assert.equal((await post(created.inbound_url, ticket(), { authorization: 'Bearer guess' })).statusCode, 401);
    assert.deepEqual((await events(created.id)).map((e) => e.status), ['unauthorized', 'unauthorized', 'unauthorized', 'skipped', 'unauthorized']);
    const interactions = await ctx.db.kysely.selectFrom('interactions').select('id').where('company_id', '=', company.id).where('ext_interaction_id', '=', 'never').execute();
    assert.equal(interactions.length, 0);
  });

  it('answers 400 to a body that is not JSON, and 202 skipped when `when` does not match', async () => {
    const created = await addGeneric();
    const secret = { 'x-agent-connect-secret': created.signing_secret };
    const notJson = await post(created.inbound_url, 'status=closed', secret);
    assert.equal(notJson.statusCode, 400);
    const open = await post(created.inbound_url, ticket({ status: 'open' }), secret);
    assert.equal(open.statusCode, 202, open.body);
    assert.equal(open.json().status, 'skipped');
    const logged = await events(created.id);
    assert.equal(logged.at(-1)?.status, 'skipped');
    assert.match(String(logged.at(-1)?.detail), /\/ticket\/status is "open", not "closed"/);
  });

  it('refuses an assignee who is not an active employee, and logs why', async () => {
    const created = await addGeneric();
    const gone = await createEmployee(ctx.services, company.id);
    await ctx.db.kysely.updateTable('employees').set({ status: 'inactive' }).where('id', '=', gone.id).execute();
    ctx.services.credentials.clear();
    const answer = await post(created.inbound_url, ticket({ assignee: gone.email }), { 'x-agent-connect-secret': created.signing_secret });
    assert.equal(answer.statusCode, 400, answer.body);
    assert.match(answer.json().validation_errors.join(' '), /employee\.email matches an employee who is not active/);
    const [logged] = await events(created.id);
    assert.equal(logged.status, 'refused');
    assert.match(String(logged.detail), /not active/);

    // Once the cause is fixed, the admin retries the kept event instead of asking the helpdesk to resend it.
    const shown = await ctx.services.connections.events(company.id, created.id);
    assert.equal(shown[0].retryable, true);
    const early = await cli('connection', 'retry', '--company', company.subdomain, String(created.id), String(logged.id));
    assert.equal(early.code, 0, early.stderr);
    assert.match(early.stdout, new RegExp(`^event ${logged.id}: refused: .*not active`), 'refused again until the cause is fixed');
    assert.equal((await events(created.id))[0].status, 'refused');
    await ctx.db.kysely.updateTable('employees').set({ status: 'active' }).where('id', '=', gone.id).execute();
    ctx.services.credentials.clear();
    const retried = await cliJson('connection', 'retry', '--company', company.subdomain, String(created.id), String(logged.id));
    assert.equal(retried.status, 'created', JSON.stringify(retried));
    assert.equal(retried.retryable, false);
    assert.ok(await record(retried.request_id), 'the interaction is in /v2/data');
    const [settled] = await events(created.id);
    assert.equal(settled.body, null, 'the body is dropped once the request is made');

    const again = await cli('connection', 'retry', '--company', company.subdomain, String(created.id), String(logged.id));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /only a refused or failed event .* is created/);
    const other = await addGeneric();
    await assert.rejects(ctx.services.connections.retryRefused(company.id, other.id, logged.id), /no event/);
    const stranger = await createCompany(ctx.services);
    await assert.rejects(ctx.services.connections.retryRefused(stranger.id, created.id, logged.id), /no connection/);
  });

  it('a do_not_send tag records the interaction as Do Not Send and sends no email', async () => {
    const created = await addGeneric();
    const customer = `${uniqueName('quiet')}@example.com`;
    const answer = await post(created.inbound_url, ticket({ customer, tags: 'do_not_send_stella,vip' }), { 'x-agent-connect-secret': created.signing_secret });
    assert.equal(answer.statusCode, 200, answer.body);
    const data = await record(answer.json().request_id);
    assert.equal(data?.request_delivery_status, 'Do Not Send');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.received.some((m) => m.envelopeTo.includes(customer)), false);
  });

  it('a dry run through the CLI prints the request and stores nothing; a test event makes a test request', async () => {
    const created = await addGeneric();
    const before = await ctx.db.kysely.selectFrom('interactions').select('id').where('company_id', '=', company.id).execute();
    const bodyFile = writeJson('dry.json', ticket({ id: 'T-DRY', assignee: agent.email }));
    const dry = await cli('connection', 'test', '--company', company.subdomain, String(created.id), '--body', bodyFile, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: request/);
    assert.match(dry.stdout, /"ext_interaction_id": "T-DRY"/);
    assert.match(dry.stdout, /"channel": "email"/);
    const person = { email: agent.email, name: 'Samantha Reyes' };
    const json = await ctx.services.connections.tryEvent(company.id, created.id, ticket({ id: 'T-DRY' }), 'dry-run', person);
    assert.equal(json.outcome, 'request');
    assert.equal((json.request as { employee: { email: string } }).employee.email, agent.email);
    assert.deepEqual(json.errors, []);
    const refused = await ctx.services.connections.tryEvent(company.id, created.id, ticket({ assignee: 'nobody@example.com' }), 'dry-run', person);
    assert.equal(refused.outcome, 'refused');
    assert.match(refused.errors.join(' '), /employee\.email does not match an employee/);
    const after = await ctx.db.kysely.selectFrom('interactions').select('id').where('company_id', '=', company.id).execute();
    assert.equal(after.length, before.length, 'a dry run stores no interaction');
    assert.equal((await events(created.id)).length, 0, 'a dry run logs no event');

    const test = await cliJson('connection', 'test', '--company', company.subdomain, String(created.id), '--as', agent.email);
    assert.equal(test.outcome, 'created', JSON.stringify(test));
    const stored = await ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', test.request_id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.is_test), 1);
    const [logged] = await events(created.id);
    assert.equal(Number(logged.is_test), 1);
    assert.match(String(logged.event_key), /^test:/);
  });
});

describe('lookups through the helpdesk API', () => {
  it('a helpdesk that is down delays the request: the event stays pending and the outbox retries it', async () => {
    let answers = 0;
    const helpdesk = http.createServer((request, response) => {
      answers++;
      if (answers === 1) {
        response.writeHead(503).end('down');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requester: `${uniqueName('late')}@example.com`, agent: agent.email, path: request.url }));
    });
    await new Promise<void>((resolve) => helpdesk.listen(0, '127.0.0.1', resolve));
    const apiBase = `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}`;
    // A helpdesk whose events name a ticket id only (as Zendesk's native events do), in place of the placeholder.
    const lookupAdapter: HelpdeskAdapter = {
      ...ADAPTERS.gladly,
      validate: () => [],
      verify: () => null,
      read: (_connection, event) => {
        const id = String((event.body as { id: string }).id);
        return {
          action: 'request',
          eventType: 'ticket.closed',
          eventKey: id,
          lookup: async (client) => {
            const found = (await client.getJson(`/tickets/${id}`)) as { requester: string; agent: string };
            return { draft: { customer: { email: found.requester }, employee: { email: found.agent }, channel: 'chat', ext_interaction_id: id } };
          },
        };
      },
    };
    const saved = ADAPTERS.gladly;
    ADAPTERS.gladly = lookupAdapter;
    try {
      const created = await ctx.services.connections.create(company.id, { kind: 'gladly', name: uniqueName('lookup'), api_base: apiBase, api_token: 'x' });
      const answer = await post(created.inbound_url, { id: 'C-77' });
      assert.equal(answer.statusCode, 202, answer.body);
      assert.equal(answer.json().status, 'pending');
      const [pending] = await events(created.id);
      assert.equal(pending.status, 'pending');
      assert.match(String(pending.detail), /answered 503/);
      const done = await eventually(async () => {
        const [e] = await events(created.id);
        return e.status === 'created' ? e : null;
      });
      assert.ok(done.request_id);
      assert.equal(done.body, null);
      assert.ok(Number(done.attempts) >= 2);
      const data = await record(done.request_id!);
      assert.equal(data?.ext_interaction_id, 'C-77');
      const redelivered = await post(created.inbound_url, { id: 'C-77' });
      assert.deepEqual(redelivered.json(), { status: 'duplicate', request_id: done.request_id });
    } finally {
      ADAPTERS.gladly = saved;
      helpdesk.close();
    }
  });

  it('an event left pending by a process that died is taken up by the outbox; a settled one is left alone', async () => {
    const created = await addGeneric();
    const customer = `${uniqueName('crash')}@example.com`;
    // What a process that died between logging the event and settling it leaves behind: the event, pending, with its recheck due.
    await new ConnectionsRepository(ctx.db.kysely).insertEvent(
      company.id,
      { connectionId: created.id, eventKey: 'T-CRASH', eventType: 'generic', status: 'pending', detail: null, isTest: false, body: JSON.stringify(ticket({ id: 'T-CRASH', customer })), receivedAt: Date.now() },
      Date.now(),
    );
    const done = await eventually(async () => {
      const [e] = await events(created.id);
      return e.status === 'created' ? e : null;
    });
    assert.equal((await record(done.request_id!))?.ext_interaction_id, 'T-CRASH');
    await eventually(async () => sink.received.some((m) => m.envelopeTo.includes(customer)));

    const settledCustomer = `${uniqueName('settled')}@example.com`;
    const answer = await post(created.inbound_url, ticket({ id: 'T-SETTLED', customer: settledCustomer }), { 'x-agent-connect-secret': created.signing_secret });
    assert.equal(answer.json().status, 'created');
    await eventually(async () => sink.received.some((m) => m.envelopeTo.includes(settledCustomer)));
    const recheck = await ctx.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'connection_event').where('status', '=', 'pending').execute();
    assert.ok(recheck.length > 0, 'the settled event still has its recheck queued');
    await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('kind', '=', 'connection_event').where('status', '=', 'pending').execute();
    await eventually(async () => (await ctx.db.kysely.selectFrom('outbox').select('id').where('kind', '=', 'connection_event').where('status', '=', 'pending').execute()).length === 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.received.filter((m) => m.envelopeTo.includes(settledCustomer)).length, 1, 'the recheck of a settled event sends nothing');
    assert.equal((await events(created.id)).filter((e) => e.status === 'created').length, 2);
  });

  it('a connection with a delay keeps the event pending and makes the request when the delay is over', async () => {
    const created = await ctx.services.connections.create(company.id, { kind: 'generic', name: uniqueName('delayed'), mapping: MAPPING, delay_minutes: 5 });
    const sentAt = Date.now();
    const answer = await post(created.inbound_url, ticket({ id: 'T-LATER' }), { 'x-agent-connect-secret': created.signing_secret! });
    assert.equal(answer.statusCode, 202, answer.body);
    assert.equal(answer.json().status, 'pending');
    const [pending] = await events(created.id);
    assert.equal(pending.status, 'pending');
    assert.ok(pending.body, 'the body is kept until the request is made');
    const row = await ctx.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'connection_event').where('payload', '=', JSON.stringify({ event_id: Number(pending.id) })).executeTakeFirstOrThrow();
    assert.ok(Number(row.available_at) >= sentAt + 5 * 60_000 - 1000, 'due in five minutes');
    const early = await post(created.inbound_url, ticket({ id: 'T-LATER' }), { 'x-agent-connect-secret': created.signing_secret! });
    assert.equal(early.statusCode, 202, 'a redelivery while it waits is pending too');
    await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('id', '=', row.id).execute();
    const done = await eventually(async () => {
      const [e] = await events(created.id);
      return e.status === 'created' ? e : null;
    });
    assert.equal((await record(done.request_id!))?.ext_interaction_id, 'T-LATER');
    assert.equal(Number(done.deliveries), 2);
  });
});
