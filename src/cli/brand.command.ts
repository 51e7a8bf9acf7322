import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import { operatorScope } from '../modules/access/scope.ts';
import type { BrandChanges } from '../modules/brands/brands.service.ts';
import type { BrandViewOut } from '../modules/brands/brands.schemas.ts';
import { alignRows, collect, print, withServices } from './cli-helpers.ts';

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.svg': 'image/svg+xml' };

/** `--copy en.subject=TEXT` assignments on top of the brand's current copy (an empty TEXT removes the text). */
export function copyWith(current: BrandViewOut['copy'], assignments: string[]): Record<string, Record<string, string | null>> {
  const copy: Record<string, Record<string, string | null>> = structuredClone(current) as Record<string, Record<string, string | null>>;
  for (const assignment of assignments) {
    const match = /^([a-z]{2})\.([a-z_]+)=([\s\S]*)$/i.exec(assignment);
    if (!match) throw new InvalidInputError(`--copy "${assignment.slice(0, 40)}" is not LANG.FIELD=TEXT (e.g. en.subject=How did {first_name} do?)`);
    const [, language, field, text] = match;
    copy[language.toLowerCase()] = { ...copy[language.toLowerCase()], [field]: text === '' ? null : text };
  }
  return copy;
}

function brandText(brand: BrandViewOut): string {
  const rows = [
    ['brand', brand.name],
    ['  display_name', brand.display_name ?? '(not set: customers see the company name)'],
    ['  accent_color', brand.accent_color ?? '(default)'],
    ['  sender_name', brand.sender_name ?? '(default)'],
    ['  logo', brand.logo_url ?? '(none)'],
    ...Object.entries(brand.copy).flatMap(([language, fields]) => Object.entries(fields).map(([field, text]) => [`  copy.${language}.${field}`, String(text)])),
  ];
  return alignRows(rows);
}

/** `brand list` and `brand set`: each brand's kit, as admins edit it on the Brands page. */
export function registerBrandCommands(program: Command): void {
  const brand = program.command('brand').description("Show and change a company's brands: display name, accent colour, sender name, logo and email copy");

  brand
    .command('list')
    .description('List the brands of a company with their kits')
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const { brands } = await services.brands.list(operatorScope(company));
        print(options.json, brands, brands.map(brandText).join('\n'));
      }),
    );

  brand
    .command('set')
    .description('Change a brand\'s kit (an empty value clears a field)')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--brand <name>', 'the brand (its internal name)')
    .option('--display-name <name>', 'the name customers see (1-120 characters)')
    .option('--accent <hex>', 'accent colour, #rgb or #rrggbb, at least 4.5:1 contrast on white')
    .option('--sender-name <pattern>', 'sender display name; placeholders {first_name} and {brand}')
    .option('--logo <file>', 'a PNG, JPEG, WebP or SVG file (at most 5 MB)')
    .option('--remove-logo', 'remove the logo')
    .option('--copy <LANG.FIELD=TEXT>', 'email copy: LANG one of en es fr de pt nl it, FIELD one of subject, greeting, intro, closing; placeholders {first_name}, {brand}, {customer} (repeatable)', collect)
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const scope = operatorScope(company);
        const id = await services.brands.idByName(scope, options.brand);
        const changes: BrandChanges = {};
        if (options.displayName !== undefined) changes.display_name = options.displayName;
        if (options.accent !== undefined) changes.accent_color = options.accent;
        if (options.senderName !== undefined) changes.sender_name = options.senderName;
        if (options.copy) changes.copy = copyWith((await services.brands.get(scope, id)).copy, options.copy);
        let logo: { body: Buffer; type: string } | undefined;
        if (options.logo) {
          const type = IMAGE_TYPES[extname(options.logo).toLowerCase()];
          if (!type) throw new InvalidInputError(`--logo ${options.logo}: a .png, .jpg, .webp or .svg file`);
          const body = await readFile(options.logo).catch(() => { throw new InvalidInputError(`--logo ${options.logo}: cannot read the file`); });
          logo = { body, type };
        }
        let saved = await services.brands.update(scope, id, changes);
        if (logo) saved = await services.brands.setLogo(scope, id, logo.body, logo.type);
        else if (options.removeLogo) saved = await services.brands.removeLogo(scope, id);
        print(options.json, saved, brandText(saved));
      }),
    );
}
