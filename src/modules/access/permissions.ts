/**
 * Permissions an employee can be granted one by one (the provisioning API's `permissions`).
 * A fixed list, the same for every company.
 */
export const PERMISSIONS = {
  view_exports: 'Download exports of feedback and QA data',
  approve_pending_profiles: 'Approve profile changes (bio, photo) awaiting review',
  view_reports: 'See reporting dashboards for the groups they report on',
  view_all_feedback: 'Read feedback of every employee, not only their team',
  manage_users: 'Add, edit, deactivate employees',
  manage_groups: 'Create groups and change their members',
  manage_scorecards: 'Author QA scorecards',
  manage_settings: 'Change company settings, keys, channels and brands',
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS);

/**
 * What a role lets its holders do; QA and coaching check these.
 * `admin` implies every other capability.
 */
export const CAPABILITIES = ['admin', 'can_review', 'can_coach', 'can_audit', 'can_calibrate'] as const;

export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

/** The roles every company starts with (created lazily for companies made after the migration). */
export const DEFAULT_ROLES: { name: string; capabilities: Capability[] }[] = [
  { name: 'Team Member [Default]', capabilities: [] },
  { name: 'Team Leader', capabilities: ['can_review', 'can_coach'] },
  { name: 'QA Reviewer', capabilities: ['can_review', 'can_audit', 'can_calibrate'] },
  { name: 'Admin', capabilities: ['admin', 'can_review', 'can_coach', 'can_audit', 'can_calibrate'] },
];
