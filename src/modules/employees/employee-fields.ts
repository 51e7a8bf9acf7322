import { isEmail } from '../../lib/validators.ts';

export const LICENSE_TYPES = ['standard', 'flexible'];
export const EMPLOYMENT_STATUSES = ['full-time', 'part-time', 'temp'];
export const DEFAULT_EMPLOYEE_CHANNELS = ['phone', 'chat', 'email'];
/** Response fields a client may send back unchanged (GET, edit, PUT); they are ignored. */
export const READ_ONLY_FIELDS = ['last_active', 'status'];
export const WRITABLE_FIELDS = [
  'email', 'custom_employee_id', 'first_name', 'last_name', 'temporary_password', 'team_leader_id', 'team_leader_email',
  'role', 'manage_team', 'license_type', 'channels', 'employment_status', 'start_date', 'hometown', 'state_or_country',
  'profile_text', 'image', 'groups', 'reporting_groups', 'permissions',
];

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

/** Why a new password is refused (the rule of the set-password and reset pages), or null when it is fine. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) return `Your password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Your password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  return null;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function checkEmail(value: string): string | null {
  return isEmail(value) ? null : `email "${value}" is not a valid email address`;
}

function isPrivateIpv4(host: string): boolean {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const [a, b] = parts;
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || /\.(localhost|local|internal|lan)$/.test(host) || !host.includes('.') && !host.includes(':')) return true;
  if (host.includes(':')) return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return isPrivateIpv4(host);
}

/** Why `value` is not a publicly reachable http(s) URL of a PNG image, or null when it is. */
export function checkImageUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `image "${value}" is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'image must be an http(s) URL';
  if (url.username || url.password || isPrivateHost(url.hostname)) return 'image must be a publicly accessible URL';
  if (!/\.png$/i.test(url.pathname)) return 'image must be a PNG (a URL ending in .png)';
  return null;
}

/** A quoted, comma-separated list for messages. */
export function quoted(values: string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}
