import { OutboxError, type JobOutcome, type OutboxHandler, type OutboxJob } from '../../outbox/outbox-handlers.ts';
import type { Trx } from '../../outbox/outbox.repository.ts';
import { CONNECTION_EVENT_OUTBOX_KIND } from './connections.repository.ts';
import type { ConnectionsService } from './connections.service.ts';
import { LookupError } from './helpdesk-client.ts';

/**
 * Retries a pending connection event (its lookup failed while the helpdesk was down, or the
 * connection delays its requests): the stored body is read again and processed. A helpdesk still
 * down throws a transient OutboxError, so the worker backs off and tries again; when it gives up,
 * the event is marked failed.
 */
export class ConnectionEventHandler implements OutboxHandler {
  readonly kind = CONNECTION_EVENT_OUTBOX_KIND;

  constructor(private readonly connections: () => ConnectionsService) {}

  async run(job: OutboxJob): Promise<{ skipped?: string; detail?: string } | void> {
    const eventId = Number(job.payload.event_id);
    if (!Number.isInteger(eventId)) return { skipped: 'no event_id in the payload' };
    let answer;
    try {
      answer = await this.connections().retryEvent(job.companyId, eventId);
    } catch (error) {
      if (error instanceof LookupError) throw new OutboxError(error.message, !error.transient);
      throw error;
    }
    if (!answer) return { skipped: 'the event is no longer pending' };
    const status = String(answer.body.status ?? 'refused');
    if (status === 'created') return { detail: `request ${String(answer.body.request_id)}` };
    return { skipped: typeof answer.body.reason === 'string' ? `${status}: ${answer.body.reason}` : status };
  }

  async record(trx: Trx, job: OutboxJob, outcome: JobOutcome): Promise<void> {
    if (outcome.status !== 'failed') return;
    await trx
      .updateTable('connection_events')
      .set({ status: 'failed', detail: outcome.reason, body: null, processed_at: outcome.at })
      .where('company_id', '=', job.companyId)
      .where('id', '=', Number(job.payload.event_id))
      .where('status', '=', 'pending')
      .execute();
  }
}
