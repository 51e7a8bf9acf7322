import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/schema.ts';
import { allocateSequenceIds, lockSequence } from '../../db/sequence.ts';
import { withInteractionRollups } from '../reports/rollup-writer.ts';
import type { EmailEvent, EmailEventOutcome } from './email-event.types.ts';
import type { EmailEventsRepository } from './email-events.repository.ts';

/** Queues a webhook event inside the transaction that makes it true (the webhooks module's enqueue). */
export type QueueDeliveryFailed = (trx: Kysely<Database>, companyId: number, event: 'request.delivery_failed', data: Record<string, unknown>, isTest: boolean) => Promise<unknown>;

/** Soft-bounce reports of one message after which it is recorded as Failed. */
export const SOFT_BOUNCES_BEFORE_FAILED = 3;

const LABEL: Record<EmailEvent['kind'], string> = { hard_bounce: 'hard bounce', soft_bounce: 'soft bounce', complaint: 'complaint' };

/**
 * The effects of a bounce or complaint reported after a survey email was accepted, in one
 * transaction that takes the company's sequence lock first (as every interaction writer does):
 * - hard bounce: the request goes from Sent to Bounced (sent_at cleared, so it leaves the
 *   delivered figures, as a bounce refused while sending never entered them), the address is
 *   suppressed for the company's future surveys, and request.delivery_failed is queued;
 * - soft bounce: counted; the third report for the message, or the service's final one, records
 *   the request Failed the same way, without suppressing the address;
 * - complaint: the address is unsubscribed; the request keeps its status.
 * A request the customer already answered keeps its status (the address works). Test-key
 * requests went to the company's test address: their status changes, no address is suppressed.
 * Every event is stored once (provider and event id): a redelivery changes nothing.
 */
export class EmailEventsService {
  constructor(
    private readonly repository: EmailEventsRepository,
    private readonly queueWebhook: QueueDeliveryFailed,
  ) {}

  async apply(event: EmailEvent, log?: FastifyBaseLogger): Promise<EmailEventOutcome> {
    const target = event.ref ? await this.repository.findRef(event.ref) : null;
    if (!target) {
      log?.debug({ provider: event.provider, event_key: event.eventKey, kind: event.kind }, 'delivery event for no known survey email: ignored');
      return 'unknown';
    }
    const { companyId, interactionId } = target;
    const outcome = await this.repository.transaction(async (trx) => {
      await lockSequence(trx, companyId);
      if (!(await this.repository.record(trx, companyId, interactionId, event))) return 'duplicate' as const;
      const interaction = await trx
        .selectFrom('interactions')
        .select(['uuid', 'is_test', 'customer_email', 'delivery_status', 'response_received_at'])
        .where('company_id', '=', companyId)
        .where('id', '=', interactionId)
        .executeTakeFirst();
      if (!interaction) return 'applied' as const;
      const emailKey = interaction.is_test === 1 ? null : interaction.customer_email?.toLowerCase() ?? null;
      const reason = `${LABEL[event.kind]} reported by ${event.provider}: ${event.detail}`.slice(0, 500);
      if (event.kind === 'complaint') {
        if (emailKey) await this.repository.suppress(trx, companyId, emailKey, interactionId, 'complaint');
      } else if (event.kind === 'hard_bounce') {
        if (emailKey) await this.repository.suppress(trx, companyId, emailKey, interactionId, 'bounce');
        await this.undeliver(trx, companyId, interactionId, interaction, 'Bounced', reason);
      } else if (event.final || (await this.repository.countSoftBounces(trx, companyId, interactionId)) >= SOFT_BOUNCES_BEFORE_FAILED) {
        await this.undeliver(trx, companyId, interactionId, interaction, 'Failed', reason);
      }
      return 'applied' as const;
    });
    log?.info({ provider: event.provider, kind: event.kind, company_id: companyId, interaction_id: interactionId, outcome }, 'delivery event');
    return outcome;
  }

  /** A support view: what the services reported about one request's email. */
  events(companyId: number, interactionId: number) {
    return this.repository.list(companyId, interactionId);
  }

  private async undeliver(
    trx: Transaction<Database>,
    companyId: number,
    interactionId: number,
    interaction: { uuid: string; is_test: number; delivery_status: string; response_received_at: number | null },
    status: 'Bounced' | 'Failed',
    reason: string,
  ): Promise<void> {
    if (interaction.delivery_status !== 'Sent' || interaction.response_received_at !== null) return;
    const [sequenceId] = await allocateSequenceIds(trx, companyId, [interactionId]);
    const now = Date.now();
    await withInteractionRollups(
      trx,
      companyId,
      [interactionId],
      () =>
        trx
          .updateTable('interactions')
          .set({ delivery_status: status, sent_at: null, sequence_id: sequenceId, updated_at: now })
          .where('company_id', '=', companyId)
          .where('id', '=', interactionId)
          .where('delivery_status', '=', 'Sent')
          .execute(),
      { recoveries: false },
    );
    await this.queueWebhook(trx, companyId, 'request.delivery_failed', { request_id: interaction.uuid, request_delivery_status: status, reason }, interaction.is_test === 1);
  }
}
