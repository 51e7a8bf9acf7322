import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import type { Company } from '../modules/companies/companies.repository.ts';
import { MAX_UPLOAD_BYTES } from '../modules/media/media-image.ts';
import type { Services } from '../services.ts';
import { print, withServices } from './cli-helpers.ts';

/** The content type a file's name suggests; the bytes decide what it really is. */
const TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.svg': 'image/svg+xml' };

type ChangeEmployee = <T>(services: Services, subdomain: string, email: string, change: (company: Company) => Promise<T>) => Promise<T>;

async function readUpload(file: string): Promise<Buffer> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new InvalidInputError(`--file ${file}: no such file`);
  if (stat.size > MAX_UPLOAD_BYTES) throw new InvalidInputError(`--file ${file}: ${(stat.size / 1024 / 1024).toFixed(1)} MB is over the 5 MB limit`);
  return fs.readFile(file);
}

/** `employee photo`: uploads (or removes) an employee's photo, stored and served by this service. */
export function registerEmployeePhotoCommand(employee: Command, changeEmployee: ChangeEmployee): void {
  employee
    .command('photo')
    .description('Upload an employee\'s photo (PNG, JPEG, WebP or SVG, at most 5 MB and 8000x8000 pixels; stored as a 256x256 PNG and served at PUBLIC_URL/media/...), or remove it')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--email <email>', 'the employee (email or custom id)')
    .option('--file <path>', 'the image file')
    .option('--remove', 'remove their uploaded photo')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        if (Boolean(options.file) === Boolean(options.remove)) throw new InvalidInputError('give either --file <path> or --remove');
        const body = options.file ? await readUpload(options.file) : null;
        const profile = await changeEmployee(services, options.company, options.email, async (company) => {
          const id = await services.employeeProfiles.idOf(company.id, options.email);
          if (!body) return services.employeeProfiles.removePhoto(company.id, id);
          const type = TYPES[path.extname(options.file).toLowerCase()] ?? 'image/png';
          return services.employeeProfiles.setPhoto(company.id, id, body, type).catch((error: unknown) => {
            throw error instanceof InvalidInputError ? new InvalidInputError(`--file ${options.file}: ${error.message}`) : error;
          });
        });
        print(options.json, profile, body ? `photo of ${options.email} uploaded: ${profile.photo_url}` : `photo of ${options.email} removed`);
      }),
    );
}
