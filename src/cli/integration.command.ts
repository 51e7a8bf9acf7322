import type { Command } from 'commander';
import { seedQaDemo } from '../modules/demo-data/qa-demo.ts';
import { collect, print, withServices } from './cli-helpers.ts';

export function registerIntegrationCommands(program: Command): void {
  const integration = program.command('integration').description('Configure external non-interaction metric integrations');

  integration
    .command('add')
    .description('Configure an integration whose records are POSTed to /v2/integrations/<id>/records')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--metric <field>', 'a record field holding a numeric metric (repeatable)', collect)
    .option('--id <id>', 'the id used in the URL (default: derived from the name)')
    .option('--employee-field <field>', 'the record field naming the employee', 'employee_id')
    .option('--employee-id-type <type>', 'email or custom_id', 'email')
    .option('--date-field <field>', 'the record field holding the YYYY-MM-DD date', 'record_date')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const created = await services.externalMetrics.createIntegration(company.id, {
          id: options.id,
          name: options.name,
          metric_fields: options.metric,
          employee_field: options.employeeField,
          employee_id_type: options.employeeIdType,
          date_field: options.dateField,
        });
        print(options.json, created, `integration ${created.id} (${created.name}) added to ${company.subdomain}: POST /v2/integrations/${created.id}/records`);
      }),
    );

  integration
    .command('list')
    .description("List a company's integrations")
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const list = await services.externalMetrics.listIntegrations(company.id);
        const text = list.length === 0 ? 'no integrations' : list.map((i) => `${i.id}\t${i.name}\tmetrics: ${i.metric_fields.join(', ')}\temployee: ${i.employee_field} (${i.employee_id_type})\tdate: ${i.date_field}`).join('\n');
        print(options.json, list, text);
      }),
    );

  program
    .command('qa-demo')
    .description('Seed a company with demo scorecards, QA reviews, audits, a calibration, coaching sessions and metric records')
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const summary = await seedQaDemo(services, company.id, company.subdomain);
        print(options.json, summary, `seeded ${company.subdomain}: ${summary.reviews} reviews, ${summary.audits} audits, ${summary.calibrations} calibration, ${summary.coaching_sessions} coaching sessions, ${summary.metric_records} "${summary.integration}" metric records`);
      }),
    );
}
