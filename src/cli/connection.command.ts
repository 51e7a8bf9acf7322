import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import { CONNECTION_KINDS } from '../modules/connections/connection.types.ts';
import type { ConnectionCreatedOut, ConnectionDetailOut, ConnectionTryResultOut, ConnectionViewOut } from '../modules/connections/connections.schemas.ts';
import type { Services } from '../services.ts';
import { print, withServices } from './cli-helpers.ts';

/** A JSON file's content (a mapping, an event body); the message names the file when it is not JSON. */
function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${what} file ${file} is not JSON: ${(error as Error).message}`);
  }
}

function connectionId(value: string, what = 'connection id'): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw new InvalidInputError(`${what} must be a positive whole number, not "${value}"`);
  return id;
}

function lastEventText(view: ConnectionViewOut): string {
  const last = view.last_event;
  return last ? `${last.status} ${last.last_received_at}` : 'no events yet';
}

function detailText(detail: ConnectionDetailOut): string {
  const c = detail.connection;
  const lines = [
    `connection ${c.id}: ${c.name} (${c.label})`,
    `  inbound URL: ${c.inbound_url}`,
    ...(detail.signing_secret ? [`  secret: ${detail.signing_secret}`] : []),
    ...(c.api_base ? [`  API base: ${c.api_base}${c.api_user ? ` as ${c.api_user}` : ''}${c.has_api_token ? ' (token set)' : ''}`] : []),
    ...(c.delay_minutes ? [`  delay: ${c.delay_minutes} minutes`] : []),
    ...(c.channel ? [`  channel: ${c.channel}`] : []),
    ...(c.brand ? [`  brand: ${c.brand}`] : []),
    ...(c.language ? [`  language: ${c.language}`] : []),
    '',
    'Set-up:',
    ...detail.setup.steps.map((step, i) => `  ${i + 1}. ${step}`),
  ];
  for (const snippet of detail.setup.snippets) lines.push('', `${snippet.label} (${snippet.language}):`, snippet.text);
  lines.push('', 'Last events:');
  if (detail.events.length === 0) lines.push('  none yet');
  for (const e of detail.events) {
    lines.push(`  ${e.last_received_at}  ${e.status}${e.is_test ? ' (test)' : ''}  ${e.event_type}${e.event_key ? ` ${e.event_key}` : ''}${e.request_id ? ` → ${e.request_id}` : ''}${e.deliveries > 1 ? ` (${e.deliveries} deliveries)` : ''}${e.detail ? `: ${e.detail}` : ''}`);
  }
  return lines.join('\n');
}

function tryText(result: ConnectionTryResultOut, dryRun: boolean): string {
  const lines = [`${dryRun ? 'dry run' : 'test event'}: ${result.outcome}${result.event_type ? ` (${result.event_type}${result.event_key ? ` ${result.event_key}` : ''})` : ''}`];
  if (result.request_id) lines.push(`request_id: ${result.request_id}`);
  if (result.reason) lines.push(`reason: ${result.reason}`);
  for (const error of result.errors) if (error !== result.reason) lines.push(`  - ${error}`);
  if (result.request) lines.push('request:', JSON.stringify(result.request, null, 2));
  return lines.join('\n');
}

/** The person a sample event names as customer and agent: an employee given by --as, else the company's test address. */
async function samplePerson(services: Services, companyId: number, as: string | undefined, testEmail: string | null): Promise<{ email: string; name: string }> {
  if (!as) return { email: testEmail ?? 'customer@example.com', name: 'Test Customer' };
  const employee = await services.employeesRepository.findByEmail(companyId, as);
  return { email: as, name: employee ? `${employee.first_name ?? ''} ${employee.last_name ?? ''}`.trim() || as : as };
}

/** --mapping's file as a mapping object (the service names any bad field in it). */
function mappingFile(file: string | undefined): Record<string, unknown> | undefined {
  if (file === undefined) return undefined;
  const mapping = readJsonFile(file, 'mapping');
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) throw new InvalidInputError('mapping must be a JSON object');
  return mapping as Record<string, unknown>;
}

/** --delay-minutes as a number ("" clears it, as for the other options). */
function delayMinutes(value: string | undefined): number | null | undefined {
  if (value === undefined || value.trim() === '') return value === undefined ? undefined : null;
  const delay = Number(value);
  if (!Number.isInteger(delay)) throw new InvalidInputError('--delay-minutes must be a whole number');
  return delay;
}

function createdText(created: ConnectionCreatedOut, subdomain: string, verb: string): string {
  const text = [`connection ${created.id}: ${created.name} (${created.kind}) ${verb}`, `  inbound URL: ${created.inbound_url}`];
  if (created.signing_secret) text.push(`  secret: ${created.signing_secret}`);
  text.push(`  set-up: agent-connect connection show --company ${subdomain} ${created.id}`);
  return text.join('\n');
}

export function registerConnectionCommands(program: Command): void {
  const connection = program.command('connection').description('Helpdesk connections: a closed ticket becomes a feedback request (POST /inbound/<id>)');

  connection
    .command('add')
    .description('Connect a helpdesk and print its inbound URL and secret')
    .requiredOption('--company <subdomain>', 'the company')
    .addOption(new Option('--kind <kind>', 'the helpdesk').choices([...CONNECTION_KINDS]).makeOptionMandatory())
    .requiredOption('--name <name>', 'a name, unique in the company')
    .option('--api-base <url>', "the helpdesk's API base URL for lookups (e.g. https://acme.zendesk.com)")
    .option('--api-user <user>', 'the API user (e.g. a Zendesk agent email)')
    .option('--api-token <token>', 'the API token')
    .option('--signing-secret <secret>', 'the secret the helpdesk signs with (generated when omitted where you choose it)')
    .option('--mapping <file>', "the generic connection's mapping (a JSON file)")
    .option('--delay-minutes <n>', 'wait this long after the event before making the request')
    .option('--channel <channel>', 'the channel of every request (overrides the event)')
    .option('--brand <brand>', 'the brand of requests whose event names none')
    .option('--language <tag>', "the survey language of requests whose event names none of the company's (default: its first)")
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const created = await services.connections.create(company.id, {
          kind: options.kind,
          name: options.name,
          api_base: options.apiBase,
          api_user: options.apiUser,
          api_token: options.apiToken,
          signing_secret: options.signingSecret,
          mapping: mappingFile(options.mapping),
          delay_minutes: delayMinutes(options.delayMinutes),
          channel: options.channel,
          brand: options.brand,
          language: options.language,
        });
        print(options.json, created, createdText(created, options.company, 'added'));
      }),
    );

  connection
    .command('update')
    .description('Change a connection (its kind and inbound URL stay): give only what changes; "" clears a value')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<id>', 'connection id')
    .option('--name <name>', 'a new name, unique in the company')
    .option('--api-base <url>', "the helpdesk's API base URL for lookups")
    .option('--api-user <user>', 'the API user')
    .option('--api-token <token>', 'the API token')
    .option('--signing-secret <secret>', 'the secret the helpdesk signs with')
    .option('--new-signing-secret', 'generate a new signing secret (where you choose it) and print it')
    .option('--mapping <file>', "the generic connection's mapping (a JSON file)")
    .option('--delay-minutes <n>', 'wait this long after the event before making the request (0: none)')
    .option('--channel <channel>', 'the channel of every request ("": the event\'s)')
    .option('--brand <brand>', 'the brand of requests whose event names none ("": none)')
    .option('--language <tag>', 'the survey language of requests whose event names none of the company\'s ("": the company\'s first)')
    .option('--json', 'print one JSON object')
    .action((id, options) =>
      withServices(async (services) => {
        if (options.newSigningSecret && options.signingSecret !== undefined) throw new InvalidInputError('give --signing-secret or --new-signing-secret, not both');
        const company = await services.companies.requireBySubdomain(options.company);
        const updated = await services.connections.update(company.id, connectionId(id), {
          name: options.name,
          api_base: options.apiBase,
          api_user: options.apiUser,
          api_token: options.apiToken,
          signing_secret: options.newSigningSecret ? null : options.signingSecret,
          mapping: mappingFile(options.mapping),
          delay_minutes: delayMinutes(options.delayMinutes),
          channel: options.channel,
          brand: options.brand,
          language: options.language,
        });
        print(options.json, updated, createdText(updated, options.company, 'updated'));
      }),
    );

  connection
    .command('list')
    .description("List a company's connections")
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const connections = await services.connections.list(company.id);
        const text = connections.map((c) => `${c.id}\t${c.kind}\t${c.name}\t${c.inbound_url}\t${lastEventText(c)}`).join('\n');
        print(options.json, { connections }, text || 'no connections');
      }),
    );

  connection
    .command('show')
    .description('A connection: its set-up (what to paste into the helpdesk) and its last events')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<id>', 'connection id')
    .option('--as <email>', 'the employee a sample event names (customer and agent)')
    .option('--json', 'print one JSON object')
    .action((id, options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const person = await samplePerson(services, company.id, options.as, company.testEmail);
        const detail = await services.connections.detail(company.id, connectionId(id), person);
        print(options.json, detail, detailText(detail));
      }),
    );

  connection
    .command('remove')
    .description('Remove a connection and its event log (its URL stops answering)')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<id>', 'connection id')
    .option('--json', 'print one JSON object')
    .action((id, options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        await services.connections.remove(company.id, connectionId(id));
        print(options.json, { removed: connectionId(id) }, `connection ${id} removed`);
      }),
    );

  connection
    .command('test')
    .description('Send a test event (a test request), or with --dry-run show the request an event would make, storing nothing')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<id>', 'connection id')
    .option('--body <file>', "the event body (a JSON file); default: the kind's sample event")
    .option('--as <email>', 'the employee the sample event names (customer and agent)')
    .option('--dry-run', 'read, look up and check the event without creating anything')
    .option('--json', 'print one JSON object')
    .action((id, options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const body = options.body === undefined ? undefined : readJsonFile(options.body, 'body');
        const person = await samplePerson(services, company.id, options.as, company.testEmail);
        const result = await services.connections.tryEvent(company.id, connectionId(id), body, options.dryRun ? 'dry-run' : 'test', person);
        print(options.json, result, tryText(result, options.dryRun === true));
      }),
    );

  connection
    .command('retry')
    .description('Process a refused or failed event again (after fixing its cause), as a redelivery would')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<id>', 'connection id')
    .argument('<event-id>', 'event id (from connection show --json)')
    .option('--json', 'print one JSON object')
    .action((id, eventId, options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const event = await services.connections.retryRefused(company.id, connectionId(id), connectionId(eventId, 'event id'));
        print(options.json, event, `event ${event.id}: ${event.status}${event.request_id ? ` → ${event.request_id}` : ''}${event.detail ? `: ${event.detail}` : ''}`);
      }),
    );

  connection
    .command('rekey')
    .description('Reseal stored helpdesk credentials and alert URLs under INTEGRATION_SECRETS_KEY (after rotating it; the old key listed in INTEGRATION_SECRETS_KEY_PREVIOUS)')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const resealed = await services.connections.rekey();
        print(options.json, { resealed }, `${resealed} secret${resealed === 1 ? '' : 's'} resealed under the current key`);
      }),
    );
}
