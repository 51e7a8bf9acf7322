import type { Command } from 'commander';
import { CAPABILITIES, PERMISSIONS } from '../modules/access/permissions.ts';
import { collect, print, withServices } from './cli-helpers.ts';

/** `role list|add`, `group list|add` and `permission list`: what the provisioning API refers to by name. */
export function registerRoleCommands(program: Command): void {
  const role = program.command('role').description("Manage a company's roles and what they allow");

  role
    .command('list')
    .description('List the roles of a company with their capabilities')
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const roles = (await services.roles.listRoles(company.id)).map((r) => ({ name: r.name, capabilities: r.capabilities }));
        print(options.json, roles, roles.map((r) => `${r.name}\t${r.capabilities.join(', ') || '-'}`).join('\n'));
      }),
    );

  role
    .command('add')
    .description(`Add a role; capabilities: ${CAPABILITIES.join(', ')} (admin grants all)`)
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--name <name>', 'role name, as the API will refer to it')
    .option('--capability <capability>', 'a capability (repeatable)', collect)
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const added = await services.roles.addRole(company.id, options.name, options.capability ?? []);
        const result = { name: added.name, capabilities: added.capabilities };
        print(options.json, result, `role "${added.name}" added to ${company.subdomain}`);
      }),
    );

  const group = program.command('group').description("Manage a company's groups (names are case-sensitive)");

  group
    .command('list')
    .description('List the groups of a company')
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const groups = (await services.roles.listGroups(company.id)).map((g) => g.name);
        print(options.json, groups, groups.length === 0 ? 'no groups' : groups.join('\n'));
      }),
    );

  group
    .command('add')
    .description('Add a group employees can be members of')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--name <name>', 'group name (exact, case-sensitive)')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const added = await services.roles.addGroup(company.id, options.name);
        print(options.json, { name: added.name }, `group "${added.name}" added to ${company.subdomain}`);
      }),
    );

  program
    .command('permission')
    .description('Permissions an employee can be granted through the API')
    .command('list')
    .description('List every permission name with what it allows')
    .option('--json', 'print one JSON object')
    .action((options) => print(options.json, PERMISSIONS, Object.entries(PERMISSIONS).map(([name, text]) => `${name}\t${text}`).join('\n')));
}
