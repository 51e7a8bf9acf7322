import type { Session } from '../../lib/api-types.ts';

/** Who may open the Brands page (as the server decides): admins and people with manage_settings. */
export function managesBrands(employee: Session['employee']): boolean {
  return employee.capabilities.includes('admin') || employee.permissions.includes('manage_settings');
}
