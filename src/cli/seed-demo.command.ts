import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import { seedDemo } from '../modules/demo-data/seed-demo.ts';
import { print, withServices } from './cli-helpers.ts';

function count(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000_000) {
    throw new InvalidInputError(`--interactions must be a whole number from 1 to 100000000, not "${value}"`);
  }
  return Number(value);
}

export function registerSeedDemoCommands(program: Command): void {
  program
    .command('seed-demo')
    .description("Bulk-write realistic demo data (team, interactions, survey answers, recoveries) for a company")
    .requiredOption('--company <subdomain>', 'the company to fill')
    .option('--interactions <n>', 'how many interactions to write (default 1000)', count, 1000)
    .option('--seed <n>', 'random seed; the same seed writes the same data', count, 42)
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const result = await seedDemo(services.db, company, { interactions: options.interactions, seed: options.seed });
        const text = `seeded ${result.company}: ${result.interactions} interactions (${result.recoveries} recoveries, ${result.answers} answers) for ${result.employees} employees in ${result.seconds.toFixed(1)} s`;
        print(options.json, result, text);
      }),
    );
}
