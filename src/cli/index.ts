import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../lib/errors.ts';
import { serve } from '../server.ts';
import { withServices } from './cli-helpers.ts';
import { registerCompanyCommands } from './company.command.ts';
import { registerEmployeeCommands } from './employee.command.ts';
import { registerExportCommand } from './export.command.ts';
import { registerWebhookCommands } from './webhook.command.ts';

const program = new Command('agent-connect')
  .description('Agent Connect: feedback requests, customer surveys, data return, QA and coaching.')
  .showHelpAfterError(false)
  .exitOverride();

program
  .command('serve')
  .description('Migrate the database and serve the API and survey pages (PORT, HOST, DATABASE_URL, ...)')
  .action(() => serve(loadConfig()));

program
  .command('migrate')
  .description('Bring the database schema up to date and exit')
  .action(() => withServices(async () => {
      process.stdout.write('database is up to date\n');
    }));

registerCompanyCommands(program);
registerEmployeeCommands(program);
registerExportCommand(program);
registerWebhookCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line reason (or the help text).
    process.exit(error.exitCode);
  }
  const message = error instanceof ConfigError || error instanceof AppError ? error.message : `unexpected failure: ${(error as Error).message}`;
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
