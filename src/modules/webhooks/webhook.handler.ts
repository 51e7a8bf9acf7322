import { OutboxError, type OutboxHandler, type OutboxJob } from '../../outbox/outbox-handlers.ts';
import type { Telemetry } from '../../lib/telemetry.ts';
import { attemptDelivery, type DeliveryPolicy } from './webhook-delivery.ts';
import { WEBHOOK_OUTBOX_KIND, type WebhooksRepository } from './webhooks.repository.ts';

/** Delivers queued webhook events through the outbox worker (its backoff schedules the retries). */
export class WebhookHandler implements OutboxHandler {
  readonly kind = WEBHOOK_OUTBOX_KIND;

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly policy: DeliveryPolicy,
    private readonly telemetry?: Telemetry,
  ) {}

  async run(job: OutboxJob) {
    const result = await attemptDelivery(this.repository, this.policy, job.companyId, Number(job.payload.delivery_id));
    this.telemetry?.webhook(result.event ?? 'unknown', result.outcome);
    switch (result.outcome) {
      case 'delivered':
        return { detail: `HTTP ${result.status}` };
      case 'skipped':
        return { skipped: result.reason };
      case 'retry':
        throw new OutboxError(result.error, false);
      case 'disabled':
        throw new OutboxError(result.error, true);
    }
  }
}
