import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { CompaniesRepository } from './modules/companies/companies.repository.ts';
import { CompaniesService } from './modules/companies/companies.service.ts';
import { CredentialCache } from './modules/companies/credential-cache.ts';
import { DataReturnRepository } from './modules/data-return/repository.ts';
import { DataReturnService } from './modules/data-return/service.ts';
import { EmployeesRepository } from './modules/employees/employees.repository.ts';
import { EmployeesService } from './modules/employees/employees.service.ts';
import { InteractionsRepository } from './modules/interactions/interactions.repository.ts';
import { RequestsService } from './modules/requests/requests.service.ts';

/** Repositories and services, built once per process; no DI framework, just construction. */
export function createServices(config: Config, db: Db) {
  const companiesRepository = new CompaniesRepository(db.kysely);
  const credentials = new CredentialCache(companiesRepository);
  const employeesRepository = new EmployeesRepository(db.kysely);
  const interactionsRepository = new InteractionsRepository(db.kysely);
  return {
    config,
    db,
    credentials,
    companies: new CompaniesService(companiesRepository, credentials),
    employees: new EmployeesService(employeesRepository),
    requests: new RequestsService(employeesRepository, interactionsRepository),
    interactions: interactionsRepository,
    dataReturn: new DataReturnService(new DataReturnRepository(db.kysely)),
  };
}

export type Services = ReturnType<typeof createServices>;
