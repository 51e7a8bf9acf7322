import type { Command } from 'commander';
import type { CompanyCredentials, CompanyDescription } from '../modules/companies/companies.service.ts';
import type { SettingsView } from '../modules/companies/company-settings.ts';
import { alignRows, collect, print, withServices } from './cli-helpers.ts';

function credentialsText(c: CompanyCredentials): string {
  return [
    `company ${c.name} (${c.subdomain}), id ${c.id}`,
    `  production API key: ${c.api_key}`,
    `  test API key:       ${c.test_api_key}`,
    `  API secret:         ${c.api_secret}`,
    'Store these now: only their hashes are kept.',
  ].join('\n');
}

function settingText(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (value === '' || value === null) return '(empty)';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '(none)' : JSON.stringify(value);
  return String(value);
}

/** One `key  value` row per setting, in the form `company set` takes; display names one row per brand. */
function settingRows(settings: SettingsView, brands: string[]): string[][] {
  return Object.entries(settings).flatMap(([key, value]): string[][] => {
    if (key !== 'brand_display_names') return [[key, settingText(value)]];
    const names = value as Record<string, string>;
    const keys = [...new Set([...brands, ...Object.keys(names)])];
    return keys.map((brand) => [`brand_display_names.${brand}`, names[brand] ?? '(not set: emails say the company name)']);
  });
}

function descriptionText(c: CompanyDescription): string {
  return alignRows([
    ['name', c.name],
    ['subdomain', c.subdomain],
    ['id', String(c.id)],
    ['test_email', settingText(c.test_email)],
    ['brands', settingText(c.brands)],
    ['channels', settingText(c.channels)],
    ['languages', settingText(c.languages)],
    ...settingRows(c.settings, c.brands),
  ]);
}

export function registerCompanyCommands(program: Command): void {
  const company = program.command('company').description('Create, list and manage companies (tenants)');

  company
    .command('create')
    .description('Create a company and print its API keys and secret (shown once)')
    .requiredOption('--name <name>', 'company name')
    .requiredOption('--subdomain <subdomain>', 'unique DNS label, e.g. blancapeak')
    .option('--brand <brand>', 'a brand name (repeatable; default: the subdomain)', collect)
    .option('--channel <channel>', 'a channel (repeatable; default: phone, chat, email)', collect)
    .option('--language <language>', 'a language tag (repeatable; default: en)', collect)
    .option('--test-email <email>', 'where test-key surveys are sent')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const created = await services.companies.create({
          name: options.name,
          subdomain: options.subdomain,
          brands: options.brand,
          channels: options.channel,
          languages: options.language,
          testEmail: options.testEmail,
        });
        print(options.json, created, credentialsText(created));
      }),
    );

  company
    .command('list')
    .description('List companies')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const companies = await services.companies.list();
        const rows = companies.map((c) => ({
          id: c.id,
          name: c.name,
          subdomain: c.subdomain,
          brands: c.brands.map((b) => b.name),
          channels: c.channels,
          languages: c.languages,
          test_email: c.testEmail,
        }));
        const text = rows.length === 0 ? 'no companies' : rows.map((c) => `${c.id}\t${c.subdomain}\t${c.name}\tbrands: ${c.brands.join(', ')}`).join('\n');
        print(options.json, rows, text);
      }),
    );

  company
    .command('show')
    .description('Print the company and every setting (change settings with company set; keys are never shown)')
    .argument('<subdomain>', 'the company')
    .option('--json', 'print one JSON object')
    .action((subdomain, options) =>
      withServices(async (services) => {
        const description = await services.companies.describe(subdomain);
        print(options.json, description, descriptionText(description));
      }),
    );

  company
    .command('rotate-keys')
    .description('Replace the production key, test key and API secret; the old ones stop working')
    .argument('<subdomain>', 'the company')
    .option('--json', 'print one JSON object')
    .action((subdomain, options) =>
      withServices(async (services) => {
        const rotated = await services.companies.rotateCredentials(subdomain);
        print(options.json, rotated, credentialsText(rotated));
      }),
    );

  company
    .command('set')
    .description(
      'Change company settings: send_delay_minutes, suppression_days, survey_finished_after_minutes, survey_expiry_days, ' +
        'enabled_questions, areas_of_excellence, areas_of_improvement, reward_names (comma-separated), ' +
        'brand_display_names.<brand>=<name>, comment_position (after_rating or end), ' +
        'option_translations.<language>.<option>=<text> (or option_translations=<JSON object>), reply_to (empty, agent or an address), ' +
        'accept_legacy_jwt (true: accept JWTs without iat or with an iat up to 14 h ahead)',
    )
    .argument('<subdomain>', 'the company')
    .argument('<assignments...>', 'key=value pairs')
    .option('--json', 'print the settings as one JSON object')
    .action((subdomain, assignments: string[], options) =>
      withServices(async (services) => {
        const settings = await services.companies.setSettings(subdomain, assignments);
        const text = Object.entries(settings).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`).join('\n');
        print(options.json, settings, text);
      }),
    );
}
