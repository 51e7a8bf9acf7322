import type { Command } from 'commander';
import { print, withServices } from './cli-helpers.ts';

export function registerEmployeeCommands(program: Command): void {
  const employee = program.command('employee').description('Manage employees (the provisioning API does more)');

  employee
    .command('add')
    .description('Add an active employee who can be named in feedback requests')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--email <email>', 'employee email')
    .option('--custom-id <id>', 'your identifier for the employee')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const added = await services.employees.add(company.id, {
          email: options.email,
          customId: options.customId,
          firstName: options.firstName,
          lastName: options.lastName,
        });
        const result = {
          id: added.id,
          email: added.email,
          custom_id: added.custom_id,
          first_name: added.first_name,
          last_name: added.last_name,
          status: added.status,
        };
        print(options.json, result, `employee ${added.email} added to ${company.subdomain} (id ${added.id})`);
      }),
    );
}
