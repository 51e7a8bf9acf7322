import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
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
    .option('--no-qa', 'skip the QA reviews, audits, calibrations, coaching sessions and metric records')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const { seedDemo } = await import('../modules/demo-data/seed-demo.ts');
        const { seedQaDemo } = await import('../modules/qa/qa-demo.ts');
        const company = await services.companies.requireBySubdomain(options.company);
        const feedback = await seedDemo(services.db, company, { interactions: options.interactions, seed: options.seed });
        const qa = options.qa ? await seedQaDemo(services, company.id, company.subdomain) : null;
        const result = { ...feedback, qa };
        const text = `seeded ${feedback.company}: ${feedback.interactions} interactions (${feedback.recoveries} recoveries, ${feedback.answers} answers) for ${feedback.employees} employees in ${feedback.seconds.toFixed(1)} s${qa ? `; QA and coaching: ${JSON.stringify(qa)}` : ''}`;
        print(options.json, result, text);
      }),
    );
}
