import { Option, type Command } from 'commander';
import { createInterface } from 'node:readline';
import { AppError, InvalidInputError } from '../lib/errors.ts';
import { hashPassword } from '../lib/passwords.ts';
import type { Company } from '../modules/companies/companies.repository.ts';
import { passwordProblem } from '../modules/employees/employee-fields.ts';
import type { EmployeeView } from '../modules/employees/employee-view.ts';
import { MAX_TITLE_LENGTH, titleProblem, type EmployeeProfile } from '../modules/employees/employee-profile.service.ts';
import { registerEmployeePhotoCommand } from './employee-photo.command.ts';
import type { Services } from '../services.ts';
import { alignRows, print, withServices } from './cli-helpers.ts';

/** `--status` values and the stored statuses they select. */
const STATUSES: Record<string, string[]> = { active: ['active'], inactive: ['deactivated'], deactivated: ['deactivated'], pending: ['pending'] };

/** `employee update` options and the provisioning API fields they set (the API's rules apply). */
const UPDATE_FIELDS = {
  firstName: { field: 'first_name', flag: '--first-name' },
  lastName: { field: 'last_name', flag: '--last-name' },
  customId: { field: 'custom_employee_id', flag: '--custom-id' },
  bio: { field: 'profile_text', flag: '--bio' },
  photo: { field: 'image', flag: '--photo' },
  teamLeader: { field: 'team_leader_email', flag: '--team-leader' },
  role: { field: 'role', flag: '--role' },
} as const;

type UpdateOption = keyof typeof UPDATE_FIELDS;

/** Commander's collector for a repeated option. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The photo as the API stores it: a public http(s) URL of a PNG that emails link to. Photos are
 * not uploaded, so a file path is refused with what to do instead.
 */
function photoUrl(value: string): string {
  if (value.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return value;
  throw new InvalidInputError(
    `--photo takes the public http(s) URL of a PNG image, which emails link to; "${value}" looks like a file path: upload it with agent-connect employee photo --company <subdomain> --email <email> --file ${value}`,
  );
}

/** A service error with the API's field names replaced by this command's options. */
function inOptionTerms(error: unknown, company: Company, email: string): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.statusCode === 404) return new InvalidInputError(`no employee with email or custom id "${email}" in ${company.subdomain}`);
  const messages = error.errors.map((message) =>
    Object.values(UPDATE_FIELDS).reduce((text, { field, flag }) => text.replace(new RegExp(`^${field}\\b`), flag), message),
  );
  return new InvalidInputError(messages.join('; '));
}

/** The first line of stdin, checked with the set-password page's rule (so a password never needs to be on the command line). */
async function passwordFromStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  let password = '';
  for await (const line of lines) {
    password = line;
    break;
  }
  lines.close();
  const problem = passwordProblem(password);
  if (problem) throw new InvalidInputError(`--password-stdin: ${problem}`);
  return password;
}

function fullName(e: EmployeeView): string {
  return [e.first_name, e.last_name].filter(Boolean).join(' ') || '-';
}

/** Every team leader's email, primary first, or "-". */
function leadersText(e: EmployeeView, leaders: Map<string, string[]>): string {
  const emails = leaders.get(e.email.toLowerCase()) ?? [];
  return emails.length > 0 ? emails.join(', ') : (e.team_leader_email ?? '-');
}

function employeeText(e: EmployeeView, leaders: Map<string, string[]>, profile?: EmployeeProfile): string {
  return alignRows([
    ...(profile ? [['title', profile.title ?? '-'], ['uploaded_photo', profile.photo_url ?? '-']] : []),
    ['email', e.email],
    ['name', fullName(e)],
    ['custom_id', e.custom_employee_id ?? '-'],
    ['status', e.status],
    ['role', e.role],
    ['team_leader', leadersText(e, leaders)],
    ['photo', e.image ?? '-'],
    ['bio', e.profile_text ?? '-'],
  ]);
}

function listText(employees: EmployeeView[], leaders: Map<string, string[]>): string {
  if (employees.length === 0) return 'no employees';
  const header = ['EMAIL', 'NAME', 'CUSTOM_ID', 'STATUS', 'ROLE', 'TEAM_LEADER'];
  return alignRows([header, ...employees.map((e) => [e.email, fullName(e), e.custom_employee_id ?? '-', e.status, e.role, leadersText(e, leaders)])]);
}

/** Runs `change` on the employee `email` of `subdomain`, reporting failures in the command's terms. */
async function changeEmployee<T>(services: Services, subdomain: string, email: string, change: (company: Company) => Promise<T>): Promise<T> {
  const company = await services.companies.requireBySubdomain(subdomain);
  try {
    return await change(company);
  } catch (error) {
    throw inOptionTerms(error, company, email);
  }
}

export function registerEmployeeCommands(program: Command): void {
  const employee = program.command('employee').description('Add, list, update, deactivate and activate employees');

  employee
    .command('add')
    .description('Add an active employee who can be named in feedback requests (with --password-stdin, one who can also log in)')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--email <email>', 'employee email')
    .option('--custom-id <id>', 'your identifier for the employee')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--role <name>', 'a role of the company (see role list)')
    .option('--team-leader <email>', 'email of a team leader (someone who manages a team); repeat for several, the first is the primary', collect)
    .option('--password-stdin', 'read their password from the first line of stdin: they can log in at once, no invitation is sent')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        if (options.role !== undefined || options.teamLeader !== undefined || options.passwordStdin) {
          const passwordHash = options.passwordStdin ? await hashPassword(await passwordFromStdin()) : undefined;
          const body = Object.fromEntries(
            Object.entries({ email: options.email, custom_employee_id: options.customId, first_name: options.firstName, last_name: options.lastName, role: options.role })
              .filter(([, value]) => value !== undefined),
          );
          const extras = { passwordHash, teamLeaderEmails: options.teamLeader as string[] | undefined };
          const added = await changeEmployee(services, options.company, options.email, (c) => services.provisioning.create(c, body, [], 'create', extras));
          print(options.json, added, `employee ${added.email} added to ${company.subdomain}${passwordHash ? ' (can log in now)' : ''}`);
          return;
        }
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

  employee
    .command('list')
    .description("List a company's employees")
    .requiredOption('--company <subdomain>', 'the company')
    .addOption(new Option('--status <status>', 'only these: active, inactive (deactivated) or pending (invited, no password yet)').choices(Object.keys(STATUSES)))
    .option('--json', 'print one JSON array (the provisioning API\'s employee shape)')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const employees = await services.provisioning.listAll(company, options.status ? STATUSES[options.status] : []);
        print(options.json, employees, listText(employees, options.json ? new Map() : await services.provisioning.teamLeaderEmails(company, employees)));
      }),
    );

  employee
    .command('update')
    .description('Change an employee; only the options given change (an empty value clears a field), with the provisioning API\'s rules')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--email <email>', 'the employee (email or custom id)')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--custom-id <id>', 'your identifier for the employee')
    .option('--bio <text>', 'the short bio shown in survey emails')
    .option('--photo <url>', 'public http(s) URL of a PNG photo shown in survey emails (to upload a file: employee photo --file)')
    .option('--title <text>', `job title shown to customers beside their name (at most ${MAX_TITLE_LENGTH} characters; empty clears it)`)
    .option('--team-leader <email>', 'email of a team leader (someone who manages a team); repeat for several (they replace the current ones, the first is the primary); "unassigned" removes them all', collect)
    .option('--role <name>', 'a role of the company (see role list)')
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        const given = (Object.keys(UPDATE_FIELDS) as UpdateOption[]).filter((option) => options[option] !== undefined);
        if (given.length === 0 && options.title === undefined) {
          throw new InvalidInputError(`nothing to change: give at least one of ${Object.values(UPDATE_FIELDS).map((f) => f.flag).join(', ')}, --title`);
        }
        const titleIssue = options.title === undefined ? null : titleProblem(options.title);
        if (titleIssue) throw new InvalidInputError(`--${titleIssue}`);
        const body = Object.fromEntries(
          given.filter((option) => option !== 'teamLeader').map((option) => [UPDATE_FIELDS[option].field, option === 'photo' ? photoUrl(options.photo) : options[option]]),
        );
        const extras = { teamLeaderEmails: options.teamLeader as string[] | undefined };
        const company = await services.companies.requireBySubdomain(options.company);
        const change = given.length > 0 ? (c: Company) => services.provisioning.update(c, options.email, body, [], extras) : (c: Company) => services.provisioning.get(c, options.email);
        const updated = await changeEmployee(services, options.company, options.email, change);
        const id = await services.employeeProfiles.idOf(company.id, updated.email);
        const profile = options.title === undefined ? await services.employeeProfiles.profile(company.id, id) : await services.employeeProfiles.setTitle(company.id, id, options.title);
        print(options.json, { ...updated, ...profile }, employeeText(updated, await services.provisioning.teamLeaderEmails(company, [updated]), profile));
      }),
    );

  registerEmployeePhotoCommand(employee, changeEmployee);

  for (const action of ['deactivate', 'activate'] as const) {
    employee
      .command(action)
      .description(
        action === 'deactivate'
          ? 'Deactivate an employee: feedback requests naming them are refused; their history stays'
          : 'Activate a deactivated employee again',
      )
      .requiredOption('--company <subdomain>', 'the company')
      .requiredOption('--email <email>', 'the employee (email or custom id)')
      .option('--json', 'print one JSON object')
      .action((options) =>
        withServices(async (services) => {
          const active = action === 'activate';
          const changed = await changeEmployee(services, options.company, options.email, (company) => services.provisioning.setActive(company, options.email, active));
          print(options.json, changed, `employee ${changed.email} is now ${changed.status}`);
        }),
      );
  }
}
