import { InvalidInputError } from '../../lib/errors.ts';
import { isEmail } from '../../lib/validators.ts';
import type { EmployeeRow } from '../../db/schema.ts';
import type { EmployeesRepository, NewEmployee } from './employees.repository.ts';

export class EmployeesService {
  constructor(private readonly repository: EmployeesRepository) {}

  /** Adds an active employee (the CLI's `employee add`; provisioning has its own API). */
  async add(companyId: number, input: NewEmployee): Promise<EmployeeRow> {
    const email = input.email.trim();
    if (!isEmail(email)) throw new InvalidInputError(`email "${input.email}" is not a valid email address`);
    if (await this.repository.findByEmail(companyId, email)) {
      throw new InvalidInputError(`an employee with email "${email}" already exists`);
    }
    const customId = input.customId?.trim() || null;
    if (customId && (await this.repository.findByCustomId(companyId, customId))) {
      throw new InvalidInputError(`an employee with custom id "${customId}" already exists`);
    }
    return this.repository.insert(companyId, { ...input, email, customId, status: 'active' });
  }
}
