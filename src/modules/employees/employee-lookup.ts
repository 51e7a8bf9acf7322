import type { EmployeeRow } from '../../db/schema.ts';
import type { EmployeesRepository } from './employees.repository.ts';

/** What ingestion needs to know about the employee a request names. */
export type EmployeeRef = Pick<EmployeeRow, 'id' | 'status' | 'team_leader_id'>;

const MAX_ENTRIES = 50_000;

/**
 * Employee lookups for POST /v1/requests without a database read per request. Only found
 * employees are cached (a new employee is seen at once). Changes to existing employees
 * clear it: in this process at once (`clear`), in other processes within one poll of the
 * shared cache epoch, which those changes bump.
 */
export class EmployeeLookup {
  private readonly cache = new Map<string, EmployeeRef>();

  constructor(private readonly repository: EmployeesRepository) {}

  byEmail(companyId: number, email: string): Promise<EmployeeRef | undefined> {
    const emailKey = email.trim().toLowerCase();
    return this.cached(`${companyId}:e:${emailKey}`, () => this.repository.findByEmail(companyId, emailKey));
  }

  byCustomId(companyId: number, customId: string): Promise<EmployeeRef | undefined> {
    return this.cached(`${companyId}:c:${customId}`, () => this.repository.findByCustomId(companyId, customId));
  }

  clear(): void {
    this.cache.clear();
  }

  private async cached(key: string, load: () => Promise<EmployeeRow | undefined>): Promise<EmployeeRef | undefined> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const row = await load();
    if (!row) return undefined;
    const ref = { id: row.id, status: row.status, team_leader_id: row.team_leader_id };
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, ref);
    return ref;
  }
}
