import type { JobOutcome, OutboxHandler, OutboxJob } from '../../email/outbox-worker.ts';
import type { Trx } from '../../email/outbox.repository.ts';
import { SURVEY_FINISHED_OUTBOX_KIND, WebhooksRepository } from './webhooks.repository.ts';

/** A survey's finishing time has come: queue survey.finished with the answers it ended with. */
export class SurveyFinishedHandler implements OutboxHandler {
  readonly kind = SURVEY_FINISHED_OUTBOX_KIND;

  async run(_job: OutboxJob) {}

  async record(trx: Trx, job: OutboxJob, outcome: JobOutcome): Promise<void> {
    if (outcome.status !== 'sent' || job.interactionId === null) return;
    const interaction = await trx
      .selectFrom('interactions')
      .select(['uuid', 'sequence_id', 'response_received_at'])
      .where('company_id', '=', job.companyId)
      .where('id', '=', job.interactionId)
      .executeTakeFirst();
    if (!interaction || interaction.response_received_at === null) return;
    const answers = await trx
      .selectFrom('answers')
      .select('question_key')
      .where('company_id', '=', job.companyId)
      .where('interaction_id', '=', job.interactionId)
      .execute();
    await new WebhooksRepository(trx).enqueue(trx, job.companyId, 'survey.finished', {
      request_id: interaction.uuid,
      sequence_id: interaction.sequence_id,
      questions: answers.map((answer) => answer.question_key),
    });
  }
}
