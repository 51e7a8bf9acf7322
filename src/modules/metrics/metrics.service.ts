import type { EmployeeRow } from '../../db/schema.ts';
import type { IntegrationRow, MetricRecordRow } from '../../db/schema-qa.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import { formatUtc } from '../../feeds/timestamps.ts';
import type { Scope } from '../access/scope.ts';
import type { EmployeesRepository } from '../employees/employees.repository.ts';
import { PeopleDirectory, type PersonJson } from '../employees/people-lookup.ts';
import type { MetricsRepository } from './metrics.repository.ts';
import type { IntegrationInput } from './metrics.schemas.ts';

export interface IntegrationJson {
  id: string;
  name: string;
  metric_fields: string[];
  employee_field: string;
  employee_id_type: string;
  date_field: string;
  created_at: string | null;
}

export interface MetricRecordJson {
  integration_id: string;
  sequence_id: number;
  /** The record as stored: metrics as numbers, the employee identifier and the date. */
  record: Record<string, string | number>;
  employee: PersonJson;
  created_at: string | null;
  updated_at: string | null;
}

function integrationJson(row: IntegrationRow): IntegrationJson {
  return {
    id: row.public_id,
    name: row.name,
    metric_fields: parseJson<string[]>(row.metric_fields, []),
    employee_field: row.employee_field,
    employee_id_type: row.employee_id_type,
    date_field: row.date_field,
    created_at: formatUtc(row.created_at),
  };
}

/** A number, or a string holding a decimal number ("13", "4.5", "-2"). */
function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** External non-interaction metrics: integrations configured per company, and their daily per-employee records. */
export class ExternalMetricsService {
  constructor(
    private readonly repository: MetricsRepository,
    private readonly employees: EmployeesRepository,
  ) {}

  async createIntegration(companyId: number, input: IntegrationInput): Promise<IntegrationJson> {
    const publicId = input.id ?? (input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'integration');
    const errors: string[] = [];
    const fields = input.metric_fields.map((f) => f.trim());
    const fieldName = /^[A-Za-z0-9_.-]{1,100}$/;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(publicId)) errors.push('id must be 1-64 letters, digits, _ or -');
    if (fields.length === 0) errors.push('metric_fields must name at least one field');
    for (const field of [...fields, input.employee_field, input.date_field]) if (!fieldName.test(field)) errors.push(`field name "${field}" must be 1-100 letters, digits, _ . or -`);
    if (!['email', 'custom_id'].includes(input.employee_id_type)) errors.push('employee_id_type must be one of: email, custom_id');
    if (new Set(fields).size !== fields.length) errors.push('metric_fields must not repeat a field');
    for (const special of ['employee_field', 'date_field'] as const) {
      if (fields.includes(input[special])) errors.push(`${special} "${input[special]}" must not also be a metric field`);
    }
    if (input.employee_field === input.date_field) errors.push('employee_field and date_field must differ');
    if (await this.repository.findIntegration(companyId, publicId)) errors.push(`id "${publicId}" is already used by another integration`);
    if (errors.length > 0) throw new UnprocessableError(errors);
    const now = Date.now();
    const row = await this.repository.insertIntegration(companyId, {
      public_id: publicId,
      name: input.name.trim(),
      metric_fields: JSON.stringify(fields),
      employee_field: input.employee_field,
      employee_id_type: input.employee_id_type,
      date_field: input.date_field,
      created_at: now,
      updated_at: now,
    });
    return integrationJson(row);
  }

  async listIntegrations(companyId: number): Promise<IntegrationJson[]> {
    return (await this.repository.listIntegrations(companyId)).map(integrationJson);
  }

  async requireIntegration(companyId: number, publicId: string): Promise<IntegrationRow> {
    const integration = await this.repository.findIntegration(companyId, publicId);
    if (!integration) throw new NotFoundError(`integration "${publicId}" is not configured for this company`);
    return integration;
  }

  /** Stores the record of (integration, employee, date); a resend updates the metrics it carries. Problems are 422 naming each field. */
  async putRecord(companyId: number, publicId: string, record: Record<string, unknown>): Promise<MetricRecordJson> {
    const integration = await this.requireIntegration(companyId, publicId);
    const metricFields = parseJson<string[]>(integration.metric_fields, []);
    const errors: string[] = [];
    const metrics: Record<string, number> = {};
    for (const [field, value] of Object.entries(record)) {
      if (field === integration.employee_field || field === integration.date_field) continue;
      if (!metricFields.includes(field)) {
        errors.push(`record.${field} is not a mapped field of integration "${publicId}" (metrics: ${metricFields.join(', ')})`);
        continue;
      }
      const number = numeric(value);
      if (number === null) errors.push(`record.${field} must be a number`);
      else metrics[field] = number;
    }
    if (errors.length === 0 && Object.keys(metrics).length === 0) errors.push(`record must carry at least one metric: ${metricFields.join(', ')}`);
    const date = record[integration.date_field];
    if (date === undefined || date === null || date === '') errors.push(`record.${integration.date_field} is required`);
    else if (!isCalendarDate(date)) errors.push(`record.${integration.date_field} must be a date in YYYY-MM-DD format`);
    const employee = await this.findEmployee(companyId, integration, record[integration.employee_field], errors);
    if (errors.length > 0 || !employee) throw new UnprocessableError(errors);
    const row = await this.repository.upsertRecord(companyId, integration.id, employee.id, date as string, metrics);
    return (await this.present(companyId, integration, [row]))[0];
  }

  private async findEmployee(companyId: number, integration: IntegrationRow, value: unknown, errors: string[]): Promise<EmployeeRow | undefined> {
    const field = `record.${integration.employee_field}`;
    if (value === undefined || value === null || value === '') {
      errors.push(`${field} is required (the employee's ${integration.employee_id_type === 'email' ? 'email' : 'custom id'})`);
      return undefined;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      errors.push(`${field} must be a string`);
      return undefined;
    }
    const key = String(value).trim();
    const employee = integration.employee_id_type === 'email' ? await this.employees.findByEmail(companyId, key) : await this.employees.findByCustomId(companyId, key);
    if (!employee) errors.push(`${field} "${key}" does not match an employee of this company by ${integration.employee_id_type}`);
    return employee;
  }

  /** `testOnly` (the test key): empty, as metric records come from production systems, never from a test interaction. */
  async feed(scope: Scope, publicId: string, query: FeedQuery): Promise<MetricRecordJson[]> {
    const integration = await this.requireIntegration(scope.company.id, publicId);
    if (scope.testOnly) return [];
    return this.present(scope.company.id, integration, await this.repository.recordFeed(scope.company.id, integration.id, query));
  }

  /** Sum of one metric over an employee's records dated within [from, to] (inclusive); null when there are none. */
  async sumMetric(companyId: number, publicId: string, metric: string, employeeId: number, from: string, to: string): Promise<number | null> {
    const integration = await this.requireIntegration(companyId, publicId);
    if (!parseJson<string[]>(integration.metric_fields, []).includes(metric)) throw new UnprocessableError([`metric "${metric}" is not a metric of integration "${publicId}"`]);
    const records = await this.repository.recordsBetween(companyId, integration.id, employeeId, from, to);
    const values = records.map((r) => parseJson<Record<string, number>>(r.metrics, {})[metric]).filter((v) => typeof v === 'number');
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  }

  private async present(companyId: number, integration: IntegrationRow, rows: MetricRecordRow[]): Promise<MetricRecordJson[]> {
    const people = await new PeopleDirectory(this.employees, companyId).load(rows.map((r) => r.employee_id));
    return rows.map((row) => {
      const employee = people.person(row.employee_id);
      const identifier = integration.employee_id_type === 'email' ? employee.email : (employee.custom_id ?? '');
      return {
        integration_id: integration.public_id,
        sequence_id: row.sequence_id,
        record: { ...parseJson<Record<string, number>>(row.metrics, {}), [integration.date_field]: row.record_date, [integration.employee_field]: identifier },
        employee,
        created_at: formatUtc(row.created_at),
        updated_at: formatUtc(row.updated_at),
      };
    });
  }
}
