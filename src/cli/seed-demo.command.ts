import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import type { Company } from '../modules/companies/companies.repository.ts';
import type { Services } from '../services.ts';
import { print, withServices } from './cli-helpers.ts';
import { terminalProgress } from './progress-bar.ts';

/** Parses an option's whole number from 1 to 100,000,000, naming the option when it is not one. */
function wholeNumber(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000_000) {
      throw new InvalidInputError(`${flag} must be a whole number from 1 to 100000000, not "${value}"`);
    }
    return Number(value);
  };
}

/** Seeds the company, drawing a progress bar on stderr when it is a terminal. */
async function seedWithProgress(services: Services, company: Company, options: { interactions: number; seed: number; qa: boolean }) {
  const { seedDemo } = await import('../modules/demo-data/seed-demo.ts');
  const { seedQaDemo } = await import('../modules/demo-data/qa-demo.ts');
  const progress = terminalProgress(process.stderr, 'interactions');
  try {
    progress.update(0, options.interactions);
    const feedback = await seedDemo(services.db, company, { interactions: options.interactions, seed: options.seed, onProgress: progress.update });
    if (options.qa) progress.say('writing QA reviews, audits, calibrations, coaching sessions and metric records…');
    return { feedback, qa: options.qa ? await seedQaDemo(services, company.id, company.subdomain) : null };
  } finally {
    progress.end();
  }
}

export function registerSeedDemoCommands(program: Command): void {
  program
    .command('seed-demo')
    .description("Bulk-write realistic demo data (team, interactions, survey answers, recoveries) for a company")
    .requiredOption('--company <subdomain>', 'the company to fill')
    .option('--interactions <n>', 'how many interactions to write', wholeNumber('--interactions'), 1000)
    .option('--seed <n>', 'random seed; the same seed writes the same data', wholeNumber('--seed'), 42)
    .option('--no-qa', 'skip the QA reviews, audits, calibrations, coaching sessions and metric records')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const { feedback, qa } = await seedWithProgress(services, company, options);
        const result = { ...feedback, qa };
        const text = `seeded ${feedback.company}: ${feedback.interactions} interactions (${feedback.recoveries} recoveries, ${feedback.answers} answers) for ${feedback.employees} employees in ${feedback.seconds.toFixed(1)} s${qa ? `; QA and coaching: ${JSON.stringify(qa)}` : ''}`;
        print(options.json, result, text);
      }),
    );
}
