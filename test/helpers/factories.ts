import { randomBytes } from 'node:crypto';
import type { EmployeeRow } from '../../src/db/schema.ts';
import type { CompanyCredentials, CreateCompanyInput } from '../../src/modules/companies/companies.service.ts';
import type { NewEmployee } from '../../src/modules/employees/employees.repository.ts';
import { FEEDBACK_REQUEST_EXAMPLE } from '../../src/modules/requests/requests.schemas.ts';
import type { Services } from '../../src/services.ts';

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A fresh company; nothing needs cleaning between tests. */
export async function createCompany(services: Services, input: Partial<CreateCompanyInput> = {}): Promise<CompanyCredentials> {
  const subdomain = input.subdomain ?? uniqueName('co');
  return services.companies.create({ name: `Company ${subdomain}`, subdomain, testEmail: `qa@${subdomain}.example`, ...input });
}

export async function createEmployee(services: Services, companyId: number, input: Partial<NewEmployee> = {}): Promise<EmployeeRow> {
  const id = uniqueName('');
  return services.employees.add(companyId, {
    email: `agent.${id}@example.com`,
    customId: `cid-${id}`,
    firstName: 'Samantha',
    lastName: 'Reyes',
    ...input,
  });
}

/** The seed's "Create a standard feedback request" body (the schema's example), pointed at an employee. */
export function seedRequestBody(employee: { email: string; custom_id: string | null }, overrides: Record<string, unknown> = {}) {
  return { ...structuredClone(FEEDBACK_REQUEST_EXAMPLE), employee: { custom_id: employee.custom_id, email: employee.email }, ...overrides };
}

/** A one-brand company with one active employee: what a request needs to be stored. */
export async function companyWithEmployee(services: Services, brand = 'solo'): Promise<{ company: CompanyCredentials; employeeEmail: string }> {
  const company = await createCompany(services, { brands: [brand] });
  return { company, employeeEmail: (await createEmployee(services, company.id)).email };
}
