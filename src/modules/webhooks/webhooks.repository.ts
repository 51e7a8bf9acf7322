import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { isPostgres } from '../../db/dialect.ts';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.ts';
import { pendingOutboxRow } from '../../outbox/outbox.repository.ts';
import { parseJson } from '../../lib/json.ts';
import type { WebhookEvent } from './webhook-events.ts';

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Outbox kind of webhook deliveries. */
export const WEBHOOK_OUTBOX_KIND = 'webhook';
/** Outbox kind of a survey's finishing time: when it comes due, survey.finished is queued. */
export const SURVEY_FINISHED_OUTBOX_KIND = 'survey_finished';

/** Webhook endpoints and their delivery log, one company at a time. */
export class WebhooksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Registers an endpoint (`isTest`: registered with the test key, it receives only the events of
   * test interactions) unless the company already has `maxEnabled` enabled ones (then null).
   * The company row is locked while counting, so concurrent registrations cannot pass the limit together.
   */
  async createEndpoint(companyId: number, url: string, events: WebhookEvent[], secret: string, maxEnabled: number, isTest = false): Promise<WebhookEndpointRow | null> {
    const now = Date.now();
    return this.db.transaction().execute(async (trx) => {
      if (isPostgres(trx)) await sql`SELECT id FROM companies WHERE id = ${companyId} FOR UPDATE`.execute(trx);
      if ((await countEnabled(trx, companyId)) >= maxEnabled) return null;
      return trx
        .insertInto('webhook_endpoints')
        .values({ company_id: companyId, url, secret, events: JSON.stringify(events), enabled: 1, failing_since: null, disabled_reason: null, is_test: isTest ? 1 : 0, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  async countEnabled(companyId: number): Promise<number> {
    return countEnabled(this.db, companyId);
  }

  /** The production endpoints, or (`isTest`) those registered with the test key. */
  async listEndpoints(companyId: number, isTest = false): Promise<WebhookEndpointRow[]> {
    return this.db.selectFrom('webhook_endpoints').selectAll().where('company_id', '=', companyId).where('is_test', '=', isTest ? 1 : 0).orderBy('id').execute();
  }

  async findEndpoint(companyId: number, endpointId: number): Promise<WebhookEndpointRow | undefined> {
    return this.db.selectFrom('webhook_endpoints').selectAll().where('company_id', '=', companyId).where('id', '=', endpointId).executeTakeFirst();
  }

  async setEnabled(companyId: number, endpointId: number, enabled: boolean, reason: string | null): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ enabled: enabled ? 1 : 0, disabled_reason: reason, failing_since: null, updated_at: Date.now() })
      .where('company_id', '=', companyId)
      .where('id', '=', endpointId)
      .execute();
  }

  async deliveries(companyId: number, endpointId: number, limit: number, before?: number): Promise<WebhookDeliveryRow[]> {
    let query = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('id', 'desc')
      .limit(limit);
    if (before !== undefined) query = query.where('id', '<', before);
    return query.execute();
  }

  async findDelivery(companyId: number, deliveryId: number): Promise<{ delivery: WebhookDeliveryRow; endpoint: WebhookEndpointRow } | null> {
    const delivery = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    const endpoint = delivery && (await this.findEndpoint(companyId, delivery.endpoint_id));
    return delivery && endpoint ? { delivery, endpoint } : null;
  }

  /** Records one attempt; a success clears the endpoint's failing streak, a failure starts one. */
  async recordAttempt(
    companyId: number,
    delivery: WebhookDeliveryRow,
    result: { status: 'delivered' | 'pending' | 'failed' | 'skipped'; responseStatus: number | null; error: string | null },
  ): Promise<void> {
    const now = Date.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhook_deliveries')
        .set({
          status: result.status,
          attempts: delivery.attempts + 1,
          response_status: result.responseStatus,
          last_error: result.error,
          last_attempt_at: now,
          delivered_at: result.status === 'delivered' ? now : null,
        })
        .where('company_id', '=', companyId)
        .where('id', '=', delivery.id)
        .execute();
      const endpoint = trx.updateTable('webhook_endpoints').where('company_id', '=', companyId).where('id', '=', delivery.endpoint_id);
      if (result.status === 'delivered') await endpoint.set({ failing_since: null }).execute();
      else if (result.status !== 'skipped') await endpoint.set({ failing_since: now }).where('failing_since', 'is', null).execute();
    });
  }

  /**
   * Queues `event` for every enabled endpoint of the company subscribed to it, of the interaction's
   * kind (`isTest`: the test key's endpoints, else the production ones): a delivery-log row and an
   * outbox row each. Call it inside the transaction that makes the event true.
   */
  async enqueue(trx: Kysely<Database>, companyId: number, event: WebhookEvent, data: Record<string, unknown>, isTest: boolean): Promise<number> {
    const now = Date.now();
    let queued = 0;
    for (const endpoint of await this.subscribers(trx, companyId, event, isTest)) {
      const messageId = `msg_${randomUUID()}`;
      const payload = JSON.stringify({ type: event, timestamp: new Date(now).toISOString(), data });
      const delivery = await trx
        .insertInto('webhook_deliveries')
        .values({
          company_id: companyId,
          endpoint_id: endpoint.id,
          message_id: messageId,
          event_type: event,
          payload,
          status: 'pending',
          attempts: 0,
          response_status: null,
          last_error: null,
          created_at: now,
          last_attempt_at: null,
          delivered_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('outbox').values(pendingOutboxRow(companyId, WEBHOOK_OUTBOX_KIND, { delivery_id: Number(delivery.id) }, now)).execute();
      queued++;
    }
    return queued;
  }

  /**
   * When a company listens for survey.finished (or has chat alert rules), remembers to queue it once the survey finishes
   * at `at`, unless that is already scheduled. The caller holds the company's sequence lock
   * (the row references the interaction), which also serializes this check.
   */
  async scheduleSurveyFinished(trx: Kysely<Database>, companyId: number, interaction: { id: number; isTest: boolean }, at: number, exceptOutboxId?: number): Promise<void> {
    if (!(await this.finishingWatched(trx, companyId, interaction.isTest))) return;
    const interactionId = interaction.id;
    let scheduled = trx
      .selectFrom('outbox')
      .select('id')
      .where('kind', '=', SURVEY_FINISHED_OUTBOX_KIND)
      .where('interaction_id', '=', interactionId)
      .where('status', 'in', ['pending', 'sending']);
    if (exceptOutboxId !== undefined) scheduled = scheduled.where('id', '!=', exceptOutboxId);
    if (await scheduled.executeTakeFirst()) return;
    await trx.insertInto('outbox').values(pendingOutboxRow(companyId, SURVEY_FINISHED_OUTBOX_KIND, {}, at, interactionId)).execute();
  }

  /**
   * Whether anyone waits for a survey of this kind to finish: a survey.finished subscriber, or,
   * for production interactions, an enabled chat alert rule (alerts/ reacts to the finishing).
   */
  private async finishingWatched(trx: Kysely<Database>, companyId: number, isTest: boolean): Promise<boolean> {
    if ((await this.subscribers(trx, companyId, 'survey.finished', isTest)).length > 0) return true;
    if (isTest) return false;
    const rule = await trx.selectFrom('alert_rules').select('id').where('company_id', '=', companyId).where('enabled', '=', 1).limit(1).executeTakeFirst();
    return rule !== undefined;
  }

  private async subscribers(trx: Kysely<Database>, companyId: number, event: WebhookEvent, isTest: boolean) {
    const endpoints = await trx
      .selectFrom('webhook_endpoints')
      .select(['id', 'events'])
      .where('company_id', '=', companyId)
      .where('enabled', '=', 1)
      .where('is_test', '=', isTest ? 1 : 0)
      .execute();
    return endpoints.filter((endpoint) => parseJson<string[]>(endpoint.events, []).includes(event));
  }
}

async function countEnabled(db: Kysely<Database>, companyId: number): Promise<number> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('company_id', '=', companyId)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
