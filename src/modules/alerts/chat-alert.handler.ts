import { OutboxError, type OutboxHandler, type OutboxJob } from '../../outbox/outbox-handlers.ts';
import { CHAT_ALERT_OUTBOX_KIND } from './alert-rules.repository.ts';
import type { AlertsService } from './alerts.service.ts';

/** Posts queued Slack/Teams alerts; a failed POST is retried with the outbox worker's backoff. */
export class ChatAlertHandler implements OutboxHandler {
  readonly kind = CHAT_ALERT_OUTBOX_KIND;

  constructor(private readonly alerts: AlertsService) {}

  async run(job: OutboxJob) {
    const ruleId = Number(job.payload.rule_id);
    const interactionId = Number(job.payload.interaction_id);
    if (!Number.isSafeInteger(ruleId) || !Number.isSafeInteger(interactionId)) throw new OutboxError('a chat alert without rule_id and interaction_id', true);
    const result = await this.alerts.deliver(job.companyId, ruleId, interactionId);
    if ('skipped' in result) return { skipped: result.skipped };
    if (result.status === 'failed') throw new OutboxError(result.error, false);
    return { detail: `HTTP ${result.httpStatus}` };
  }
}
