import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { eventually, startMailingApp } from './helpers/survey.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import type { TestContext } from './helpers/test-app.ts';

const PUBLIC_URL = 'https://feedback.example.test';
const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/integrations/salesforce/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let company: Awaited<ReturnType<typeof createCompany>>;
let agent: Awaited<ReturnType<typeof createEmployee>>;
let connection: { id: number; inbound_url: string; signing_secret: string };

/** The closed Case fixture, owned by our agent, for a customer of its own. */
function closedCase(overrides: Record<string, unknown> = {}) {
  return { ...fixture('case-closed.json'), owner_email: agent.email, contact_email: `${uniqueName('jordan')}@example.com`, case_id: uniqueName('5004x0000'), ...overrides };
}

function post(body: unknown, headers: Record<string, string> = { 'x-agent-connect-secret': connection.signing_secret }) {
  return ctx.app.inject({ method: 'POST', url: new URL(connection.inbound_url).pathname, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
}

async function events() {
  return ctx.db.kysely.selectFrom('connection_events').selectAll().where('connection_id', '=', connection.id).orderBy('id').execute();
}

async function record(requestId: string) {
  const response = await ctx.as(company).get('/v2/data?limit=1000');
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as Record<string, any>[]).find((r) => r.uuid === requestId);
}

before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ PUBLIC_URL, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }));
  company = await createCompany(ctx.services, { brands: ['acme', 'summit'], channels: ['email', 'phone', 'chat'] });
  await ctx.services.companies.setSettings(company.subdomain, ['brand_display_names.acme=Acme Outdoors']);
  agent = await createEmployee(ctx.services, company.id);
  const added = await runCli(ctx.env, 'connection', 'add', '--company', company.subdomain, '--kind', 'salesforce', '--name', 'Service Cloud', '--json');
  assert.equal(added.code, 0, added.stderr);
  connection = JSON.parse(added.stdout);
});

after(async () => {
  await close();
});

describe('Salesforce connection', () => {
  it('is added with a generated secret and a set-up guide with the named credential recipe, the Apex and the JSON', async () => {
    assert.match(connection.inbound_url, new RegExp(`^${PUBLIC_URL}/inbound/[A-Za-z0-9_-]{32}$`));
    assert.match(connection.signing_secret, /^[A-Za-z0-9_-]{43}$/);
    const shown = await runCli(ctx.env, 'connection', 'show', '--company', company.subdomain, String(connection.id));
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes('X-Agent-Connect-Secret: {!$Credential.AgentConnect.Secret}'), shown.stdout);
    assert.ok(shown.stdout.includes(`URL ${connection.inbound_url}`), shown.stdout);
    assert.ok(shown.stdout.includes(connection.signing_secret));
    assert.match(shown.stdout, /@InvocableMethod\(label='Send closed Case to Agent Connect' callout=true\)/);
    assert.match(shown.stdout, /"owner_email": "\{!\$Record\.Owner:User\.Email\}"/);
  });

  it('a closed Case becomes a request: the survey email, and the interaction in /v2/data; a second callout sends nothing', async () => {
    const body = closedCase();
    const answer = await post(body);
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json().status, 'created');
    const requestId = answer.json().request_id;
    await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(String(body.contact_email))));
    const data = await record(requestId);
    assert.ok(data);
    assert.equal(data.employee.email, agent.email);
    assert.equal(data.customer.email, body.contact_email);
    assert.equal(data.customer.full_name, 'Jordan Lee');
    assert.equal(data.channel, 'phone', "Salesforce's Origin Phone is the channel phone");
    assert.equal(data.branding, 'acme', 'the brand is matched by its display name');
    assert.deepEqual(data.tags, ['warranty', 'vip']);
    assert.equal(data.ext_interaction_id, '00001026');
    assert.equal(data.external_url, 'https://acme.my.salesforce.com/5004x00000KcQ7MAAV');

    const again = await post(body);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { status: 'duplicate', request_id: requestId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.received.filter((m) => m.envelopeTo.includes(String(body.contact_email))).length, 1);
    const logged = (await events()).find((e) => e.event_key === body.case_id);
    assert.equal(logged?.status, 'created');
    assert.equal(Number(logged?.deliveries), 2);
  });

  it('skips a Case that is not closed, refuses a wrong secret (401, logged) and suppresses do_not_send', async () => {
    const escalated = await post({ ...fixture('case-escalated.json'), owner_email: agent.email });
    assert.equal(escalated.statusCode, 202, escalated.body);
    assert.equal(escalated.json().status, 'skipped');
    assert.match(escalated.json().reason, /Escalated, not Closed/);

    const forged = await post(closedCase(), { 'x-agent-connect-secret': 'not-the-secret' });
    assert.equal(forged.statusCode, 401);
    const unsigned = await post(closedCase(), {});
    assert.equal(unsigned.statusCode, 401);
    const logged = await events();
    assert.equal(logged.filter((e) => e.status === 'unauthorized').length, 2);
    assert.equal(logged.some((e) => e.status === 'skipped' && /Escalated/.test(String(e.detail))), true);

    const quiet = closedCase({ tags: 'do_not_send;warranty' });
    const suppressed = await post(quiet);
    assert.equal(suppressed.statusCode, 200, suppressed.body);
    const data = await record(suppressed.json().request_id);
    assert.equal(data?.request_delivery_status, 'Do Not Send');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.received.some((m) => m.envelopeTo.includes(String(quiet.contact_email))), false);
  });

  it('refuses a Case whose owner is no employee, naming why', async () => {
    const answer = await post(closedCase({ owner_email: 'queue-owner@example.com' }));
    assert.equal(answer.statusCode, 400, answer.body);
    assert.match(answer.json().validation_errors.join(' '), /employee\.email does not match an employee/);
    const refused = (await events()).at(-1);
    assert.equal(refused?.status, 'refused');
  });

  it('a dry run of the sample names the admin as customer and agent', async () => {
    const result = await ctx.services.connections.tryEvent(company.id, connection.id, undefined, 'dry-run', { email: agent.email, name: 'Samantha Reyes' });
    // The sample carries no brand, and this company has two: POST /v1/requests' rule says so.
    assert.equal(result.outcome, 'refused');
    assert.match(result.errors.join(' '), /brand is required/);
    assert.equal((result.request as any).employee.email, agent.email);
    assert.equal((result.request as any).channel, 'email');
  });
});
