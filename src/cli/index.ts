import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../lib/errors.ts';
import { ROLES, StartupError, type Role } from '../server-role.ts';
import { withServices } from './cli-helpers.ts';
import { registerBrandCommands } from './brand.command.ts';
import { registerCompanyCommands } from './company.command.ts';
import { registerEmployeeCommands } from './employee.command.ts';
import { registerExportCommand } from './export.command.ts';
import { registerWebhookCommands } from './webhook.command.ts';
import { registerAlertCommands } from './alert.command.ts';
import { registerRoleCommands } from './role.command.ts';
import { registerIntegrationCommands } from './integration.command.ts';
import { registerSeedDemoCommands } from './seed-demo.command.ts';
import { registerDoctorCommand } from './doctor.command.ts';
import { registerEmailEventCommands } from './email-event.command.ts';
import { registerConnectionCommands } from './connection.command.ts';

const program = new Command('agent-connect')
  .description('Agent Connect: feedback requests, customer surveys, data return, QA and coaching.')
  .showHelpAfterError(false)
  .exitOverride();

program
  .command('serve')
  .description('Migrate the database, then serve the API and survey pages and/or run the outbox worker')
  .addOption(new Option('--role <role>', 'api: HTTP only; worker: outbox worker only; all: both').choices(ROLES).default('all'))
  .action(async (options: { role: Role }) => {
    const config = loadConfig();
    const { serve } = await import('../server.ts');
    await serve(config, options.role);
  });

program
  .command('migrate')
  .description('Bring the database schema up to date and exit')
  .action(() => withServices(async () => {
      process.stdout.write('database is up to date\n');
    }));

registerCompanyCommands(program);
registerBrandCommands(program);
registerEmployeeCommands(program);
registerExportCommand(program);
registerWebhookCommands(program);
registerAlertCommands(program);
registerRoleCommands(program);
registerIntegrationCommands(program);
registerSeedDemoCommands(program);
registerDoctorCommand(program);
registerEmailEventCommands(program);
registerConnectionCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line reason (or the help text).
    process.exit(error.exitCode);
  }
  const message = error instanceof ConfigError || error instanceof AppError || error instanceof StartupError ? error.message : `unexpected failure: ${(error as Error).message}`;
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
