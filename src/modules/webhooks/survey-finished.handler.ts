import { lockSequence } from '../../db/sequence.ts';
import type { JobOutcome, OutboxHandler, OutboxJob } from '../../outbox/outbox-handlers.ts';
import type { Trx } from '../../outbox/outbox.repository.ts';
import { CompaniesRepository } from '../companies/companies.repository.ts';
import { SURVEY_FINISHED_OUTBOX_KIND, WebhooksRepository } from './webhooks.repository.ts';

/** Work another module does when a (production) survey finishes, inside the transaction that records it. */
export type OnSurveyFinished = (trx: Trx, companyId: number, interactionId: number) => Promise<void>;

/**
 * A survey's finishing time has come: queue survey.finished with the answers it ended with.
 * A survey is finished `survey_finished_after_minutes` after its first answer, when the page
 * stops taking changes. The row was scheduled at the first answer; when it comes due early
 * (the setting grew, or every answer was withdrawn and given again) it is scheduled anew.
 * `onFinished` (the chat alerts) runs in the same transaction for production interactions.
 */
export class SurveyFinishedHandler implements OutboxHandler {
  readonly kind = SURVEY_FINISHED_OUTBOX_KIND;

  constructor(private readonly onFinished?: OnSurveyFinished) {}

  async run(_job: OutboxJob) {}

  async record(trx: Trx, job: OutboxJob, outcome: JobOutcome): Promise<void> {
    if (outcome.status !== 'sent' || job.interactionId === null) return;
    // The sequence lock first, as every writer of rows referencing an interaction takes it.
    await lockSequence(trx, job.companyId);
    const settings = await new CompaniesRepository(trx).settings(job.companyId);
    if (!settings) return;
    const interaction = await trx
      .selectFrom('interactions')
      .select(['uuid', 'sequence_id', 'response_received_at', 'is_test'])
      .where('company_id', '=', job.companyId)
      .where('id', '=', job.interactionId)
      .executeTakeFirst();
    // Every answer withdrawn (a mail scanner's click): there is no response to finish.
    if (!interaction || interaction.response_received_at === null) return;
    const webhooks = new WebhooksRepository(trx);
    const finishedAt = Number(interaction.response_received_at) + settings.survey_finished_after_minutes * 60_000;
    const isTest = interaction.is_test === 1;
    if (outcome.at < finishedAt) return webhooks.scheduleSurveyFinished(trx, job.companyId, { id: job.interactionId, isTest }, finishedAt, job.id);
    const answers = await trx
      .selectFrom('answers')
      .select('question_key')
      .where('company_id', '=', job.companyId)
      .where('interaction_id', '=', job.interactionId)
      .orderBy('question_id')
      .execute();
    await webhooks.enqueue(trx, job.companyId, 'survey.finished', {
      request_id: interaction.uuid,
      sequence_id: Number(interaction.sequence_id),
      finished_at: new Date(finishedAt).toISOString(),
      questions: answers.map((answer) => answer.question_key),
    }, isTest);
    if (!isTest) await this.onFinished?.(trx, job.companyId, job.interactionId);
  }
}
