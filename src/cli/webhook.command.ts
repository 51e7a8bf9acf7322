import type { Command } from 'commander';
import { operatorScope } from '../modules/access/scope.ts';
import { WEBHOOK_EVENTS } from '../modules/webhooks/webhook-events.ts';
import { collect, print, withServices } from './cli-helpers.ts';

export function registerWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('Manage webhook endpoints (also available as /v2/webhooks)');

  webhook
    .command('add')
    .description('Register an endpoint and print its signing secret (shown once)')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--url <url>', 'http(s) URL receiving the events')
    .requiredOption('--event <event>', `an event (repeatable): ${WEBHOOK_EVENTS.join(', ')}`, collect)
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const endpoint = await services.webhooks.create(operatorScope(company), { url: options.url, events: options.event });
        print(options.json, endpoint, `endpoint ${endpoint.id} → ${endpoint.url} (${endpoint.events.join(', ')})\n  signing secret: ${endpoint.secret}`);
      }),
    );

  webhook
    .command('list')
    .description("List a company's endpoints")
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const endpoints = await services.webhooks.list(operatorScope(company));
        const text = endpoints.map((e) => `${e.id}\t${e.enabled ? 'enabled' : `disabled (${e.disabled_reason})`}\t${e.url}\t${e.events.join(',')}`).join('\n');
        print(options.json, endpoints, text || 'no endpoints');
      }),
    );

  webhook
    .command('deliveries')
    .description("An endpoint's delivery log, newest first")
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--endpoint <id>', 'endpoint id')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const deliveries = await services.webhooks.deliveries(operatorScope(company), Number(options.endpoint));
        const text = deliveries.map((d) => `${d.id}\t${d.event_type}\t${d.status}\tattempts ${d.attempts}\t${d.response_status ?? ''} ${d.last_error ?? ''}`).join('\n');
        print(options.json, deliveries, text || 'no deliveries');
      }),
    );
}
