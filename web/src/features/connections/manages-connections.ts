import type { Session } from '../../lib/api-types.ts';

/** Who may open the Connections page (as the server decides): admins only, since it holds helpdesk credentials. */
export function managesConnections(employee: Session['employee']): boolean {
  return employee.capabilities.includes('admin');
}
