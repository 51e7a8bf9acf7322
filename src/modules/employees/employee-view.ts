import type { EmployeeRow } from '../../db/schema.ts';
import { parseJson } from '../../lib/json.ts';
import type { EmployeeGroups } from './provisioning.repository.ts';

/** The seed's employee shape (plus status, reporting_groups and permissions). */
export interface EmployeeView {
  email: string;
  custom_employee_id: string | null;
  first_name: string | null;
  last_name: string | null;
  team_leader_id: number | null;
  team_leader_email: string | null;
  role: string;
  license_type: string;
  channels: string[];
  employment_status: string | null;
  start_date: string | null;
  hometown: string | null;
  state_or_country: string | null;
  profile_text: string | null;
  image: string | null;
  groups: string[];
  manage_team: boolean;
  last_active: string | null;
  status: string;
  reporting_groups: string[];
  permissions: string[];
}

export function employeeView(row: EmployeeRow, leaderEmail: string | null, groups: EmployeeGroups): EmployeeView {
  return {
    email: row.email,
    custom_employee_id: row.custom_id,
    first_name: row.first_name,
    last_name: row.last_name,
    team_leader_id: row.team_leader_id,
    team_leader_email: row.team_leader_id === null ? null : leaderEmail,
    role: row.role,
    license_type: row.license_type,
    channels: parseJson<string[]>(row.channels, []),
    employment_status: row.employment_status,
    start_date: row.start_date,
    hometown: row.hometown,
    state_or_country: row.state_or_country,
    profile_text: row.profile_text,
    image: row.image,
    groups: groups.member,
    manage_team: row.manage_team === 1,
    last_active: row.last_active_at === null ? null : new Date(row.last_active_at).toISOString(),
    status: row.status,
    reporting_groups: groups.reporting,
    permissions: parseJson<string[]>(row.permissions, []),
  };
}
