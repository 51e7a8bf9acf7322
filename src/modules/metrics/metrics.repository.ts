import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { IntegrationRow, MetricIntegrationsTable, MetricRecordRow } from '../../db/schema-qa.ts';
import { lockSequence, stampSequence } from '../../db/sequence.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import { feedWhere } from '../../feeds/feed-where.ts';

/** Metric integrations and their records; every query takes the company id first. */
export class MetricsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertIntegration(companyId: number, row: Omit<Insertable<MetricIntegrationsTable>, 'company_id'>): Promise<IntegrationRow> {
    return this.db.insertInto('metric_integrations').values({ ...row, company_id: companyId }).returningAll().executeTakeFirstOrThrow();
  }

  async findIntegration(companyId: number, publicId: string): Promise<IntegrationRow | undefined> {
    return this.db.selectFrom('metric_integrations').selectAll().where('company_id', '=', companyId).where('public_id', '=', publicId).executeTakeFirst();
  }

  async listIntegrations(companyId: number): Promise<IntegrationRow[]> {
    return this.db.selectFrom('metric_integrations').selectAll().where('company_id', '=', companyId).orderBy('id').execute();
  }

  /** Creates or updates the one record of (integration, employee, date); either way it takes a new sequence id. */
  async upsertRecord(companyId: number, integrationId: number, employeeId: number, recordDate: string, metrics: Record<string, number>): Promise<MetricRecordRow> {
    return this.db.transaction().execute(async (trx) => {
      await lockSequence(trx, companyId);
      const now = Date.now();
      const existing = await trx
        .selectFrom('metric_records')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('integration_id', '=', integrationId)
        .where('employee_id', '=', employeeId)
        .where('record_date', '=', recordDate)
        .executeTakeFirst();
      let id: number;
      if (existing) {
        id = existing.id;
        const merged = { ...(JSON.parse(existing.metrics) as Record<string, number>), ...metrics };
        await trx.updateTable('metric_records').set({ metrics: JSON.stringify(merged), updated_at: now }).where('company_id', '=', companyId).where('id', '=', id).execute();
      } else {
        ({ id } = await trx
          .insertInto('metric_records')
          .values({ company_id: companyId, sequence_id: 0, integration_id: integrationId, employee_id: employeeId, record_date: recordDate, metrics: JSON.stringify(metrics), created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow());
      }
      await stampSequence(trx, 'metric_records', companyId, [id]);
      return trx.selectFrom('metric_records').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
    });
  }

  async recordFeed(companyId: number, integrationId: number, query: FeedQuery): Promise<MetricRecordRow[]> {
    return feedWhere(this.db.selectFrom('metric_records').selectAll().where('company_id', '=', companyId).where('integration_id', '=', integrationId), query).execute();
  }

  /** An employee's records of one integration with record_date within [from, to] (YYYY-MM-DD, inclusive). */
  async recordsBetween(companyId: number, integrationId: number, employeeId: number, from: string, to: string): Promise<MetricRecordRow[]> {
    return this.db
      .selectFrom('metric_records')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('integration_id', '=', integrationId)
      .where('employee_id', '=', employeeId)
      .where('record_date', '>=', from)
      .where('record_date', '<=', to)
      .execute();
  }
}
