import { Type } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';
import { EMPLOYMENT_STATUSES, LICENSE_TYPES } from './employee-fields.ts';

const Nullable = (type: string | string[], description: string) =>
  Type.Unsafe<unknown>({ type: [...([] as string[]).concat(type), 'null'], description });
const StringList = (description: string) => Type.Unsafe<string[] | null>({ type: ['array', 'null'], items: { type: 'string' }, description });

/** Create, invite and update bodies: the seed's fields. Semantic rules are checked by the service (422). */
export const EmployeeBody = named('EmployeeInput', Type.Object(
  {
    email: Type.Optional(Nullable('string', 'Email of the employee; required on create and invite')),
    custom_employee_id: Type.Optional(Nullable(['string', 'integer'], 'Your identifier for the employee')),
    first_name: Type.Optional(Nullable('string', 'First name; required on create')),
    last_name: Type.Optional(Nullable('string', 'Last name; required on create')),
    temporary_password: Type.Optional(Nullable('string', 'Stored hashed; the employee must change it')),
    team_leader_id: Type.Optional(Nullable(['string', 'integer'], "Numeric id of the employee's team leader (who must manage a team)")),
    team_leader_email: Type.Optional(Nullable('string', 'Email of the team leader; "unassigned" for none')),
    role: Type.Optional(Nullable('string', 'Name of an existing role (default "Team Member [Default]")')),
    manage_team: Type.Optional(Type.Boolean({ description: 'Owns a team others can report to; cannot go back to false' })),
    license_type: Type.Optional(Nullable('string', `One of: ${LICENSE_TYPES.join(', ')}`)),
    channels: Type.Optional(StringList('Channels of the employee (default: phone, chat, email)')),
    employment_status: Type.Optional(Nullable('string', `One of: ${EMPLOYMENT_STATUSES.join(', ')}`)),
    start_date: Type.Optional(Nullable('string', 'YYYY-MM-DD')),
    hometown: Type.Optional(Nullable('string', 'Hometown')),
    state_or_country: Type.Optional(Nullable('string', 'State or country')),
    profile_text: Type.Optional(Nullable('string', 'Bio shown to customers')),
    image: Type.Optional(Nullable('string', 'Public URL of a PNG profile image')),
    groups: Type.Optional(StringList('Names of existing groups (case-sensitive); replaces the old list')),
    reporting_groups: Type.Optional(StringList('Names of existing groups the employee reports on; replaces the old list')),
    permissions: Type.Optional(StringList('Permissions (see `agent-connect permission list`); replaces the old list')),
  },
  {
    examples: [
      {
        email: 'jane@example.com',
        custom_employee_id: '12345',
        first_name: 'Paul',
        last_name: 'Jones',
        role: 'Team Member [Default]',
        manage_team: false,
        license_type: 'standard',
        channels: ['chat', 'email', 'phone'],
        employment_status: 'full-time',
        start_date: '2023-02-05',
        groups: ['Group A'],
      },
    ],
    description: 'The fields of an employee to set; on update, only the fields sent change',
  },
));

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The seed's employee shape, plus status, reporting_groups and permissions. */
export const Employee = named('Employee', Type.Object({
  email: Type.String(),
  custom_employee_id: NullableString,
  first_name: NullableString,
  last_name: NullableString,
  team_leader_id: Type.Union([Type.Integer(), Type.Null()]),
  team_leader_email: NullableString,
  role: Type.String(),
  license_type: Type.String(),
  channels: Type.Array(Type.String()),
  employment_status: NullableString,
  start_date: NullableString,
  hometown: NullableString,
  state_or_country: NullableString,
  profile_text: NullableString,
  image: NullableString,
  groups: Type.Array(Type.String()),
  manage_team: Type.Boolean(),
  last_active: NullableString,
  status: Type.String({ description: 'active, deactivated or pending (invited, password not yet set)' }),
  reporting_groups: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
}, { description: 'An employee of the company' }));

export const EmployeeList = named('EmployeePage', Type.Object({
  employees: Type.Array(ref(Employee)),
  meta: Type.Object({ next_page: Type.Union([Type.String(), Type.Null()], { description: 'The URL of the next page (same filters, with `after`); null on the last page' }) }),
}, { description: 'A page of employees' }));

const Repeatable = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

export const EmployeeListQuery = Type.Object({
  external_id: Type.Optional(Type.String({ description: 'Email or custom_employee_id of the last employee of the previous page' })),
  after: Type.Optional(Type.String({ description: 'Paging cursor: follow meta.next_page, which carries it' })),
  number_of_employees: Type.Optional(Type.String({ description: 'Page size, default 100, max 500' })),
  status: Repeatable('active, deactivated, pending review, confirmed, unapproved or created'),
  employee_status: Repeatable('full-time, part-time or temp (repeatable)'),
  team_leader_ids: Repeatable("Team leaders' numeric ids (repeatable)"),
  reporting_groups: Repeatable('Group names (repeatable)'),
  roles: Repeatable('Role names (repeatable)'),
  q: Type.Optional(Type.String({ description: 'Partial match on name, email or custom employee id' })),
});

export const EmployeeParams = Type.Object({
  id: Type.String({ description: 'Email or custom_employee_id (URL-encoded)' }),
});
