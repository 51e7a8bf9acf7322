import { sql, type Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { allocateSequenceIds } from '../../db/sequence.ts';
import { generateToken, sha256Hex } from '../../lib/secrets.ts';
import type { Telemetry } from '../../lib/telemetry.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { sendJobEmail } from '../../mail/send-email.ts';
import { OutboxError, type JobOutcome, type OutboxHandler, type OutboxJob } from '../../outbox/outbox-handlers.ts';
import type { OutboxRepository, Trx } from '../../outbox/outbox.repository.ts';
import { generateEmailRef, referenceFields } from '../email-events/email-ref.ts';
import { brandPresentation } from '../companies/brand-presentation.ts';
import type { CredentialCache } from '../companies/credential-cache.ts';
import { agentCard } from '../employees/agent-card.ts';
import { withInteractionRollups } from '../reports/rollup-writer.ts';
import { messagesFor } from './i18n/translations.ts';
import type { SurveyRepository } from './survey.repository.ts';
import { renderSurveyEmail, senderDisplayName } from './survey-email.template.ts';

/** Queues a webhook event inside the transaction that makes it true (the webhooks module's enqueue, given at composition). */
export type QueueWebhook = (trx: Trx, companyId: number, event: 'request.delivery_failed', data: Record<string, unknown>, isTest: boolean) => Promise<unknown>;

export const SURVEY_EMAIL = 'survey_email';
const UNSUBSCRIBED = 'Unsubscribed';
/** The address hard-bounced before: it gets no more surveys (unsubscribes.reason 'bounce'). */
const SUPPRESSED = 'Suppressed';

/** The survey page of a token. */
export function surveyUrl(config: Config, token: string): string {
  return `${config.publicUrl}/s/${token}`;
}

/**
 * Outbox kind 'survey_email': mints the survey link (only its hash is kept once sent),
 * renders the agent's email in the interaction's language and sends it to the
 * customer (or the company's test address for test-key requests).
 */
export class SurveyEmailHandler implements OutboxHandler {
  readonly kind = SURVEY_EMAIL;

  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly outbox: OutboxRepository,
    private readonly surveys: SurveyRepository,
    private readonly credentials: CredentialCache,
    private readonly mailer: () => Mailer,
    private readonly queueWebhook: QueueWebhook,
    private readonly telemetry?: Telemetry,
    private readonly log?: FastifyBaseLogger,
  ) {}

  async prepare(jobs: OutboxJob[]): Promise<void> {
    const fresh = jobs.filter((job) => typeof job.payload.token !== 'string' && job.interactionId !== null);
    if (fresh.length === 0) return;
    const now = Date.now();
    const planned = await Promise.all(
      fresh.map(async (job) => ({ job, token: generateToken(24), ref: generateEmailRef(), company: await this.credentials.company(job.companyId) })),
    );
    await this.outbox.transaction(async (trx) => {
      for (const { job, token, ref, company } of planned) {
        const expiresAt = now + (company?.settings.survey_expiry_days ?? 14) * 86_400_000;
        await this.surveys.upsertSurvey(trx, job.companyId, job.interactionId!, sha256Hex(token), expiresAt, ref);
        job.payload = { ...job.payload, token, ref };
        await this.outbox.setPayload(trx, job.id, JSON.stringify(job.payload));
      }
    });
  }

  async run(job: OutboxJob): Promise<{ skipped?: string } | void> {
    if (job.interactionId === null || typeof job.payload.token !== 'string') throw new OutboxError('survey_email without an interaction', true);
    const interaction = await this.db
      .selectFrom('interactions')
      .innerJoin('employees', 'employees.id', 'interactions.employee_id')
      .leftJoin('unsubscribes', (join) =>
        join.onRef('unsubscribes.company_id', '=', 'interactions.company_id').on('unsubscribes.email_key', '=', sql<string>`lower(interactions.customer_email)`),
      )
      .selectAll('interactions')
      .select([
        'employees.first_name',
        'employees.email as employee_email',
        'employees.image',
        'employees.profile_text',
        'employees.title',
        'employees.photo_key',
        'unsubscribes.email_key as unsubscribed',
        'unsubscribes.reason as unsubscribe_reason',
      ])
      .where('interactions.company_id', '=', job.companyId)
      .where('interactions.id', '=', job.interactionId)
      .executeTakeFirst();
    if (!interaction) throw new OutboxError('interaction not found', true);
    if (interaction.delivery_status !== 'Pending') return { skipped: `already ${interaction.delivery_status}` };
    const company = await this.credentials.company(job.companyId);
    if (!company) throw new OutboxError('company not found', true);
    const isTest = interaction.is_test === 1;
    const to = isTest ? company.testEmail : interaction.customer_email;
    if (!to) throw new OutboxError(isTest ? 'the company has no test email address' : 'the request has no customer email', true);
    if (!isTest && interaction.unsubscribed !== null) {
      this.telemetry?.email(this.kind, 'skipped');
      return { skipped: interaction.unsubscribe_reason === 'bounce' ? SUPPRESSED : UNSUBSCRIBED };
    }
    const employee = {
      first_name: interaction.first_name,
      email: interaction.employee_email,
      title: interaction.title,
      photo_key: interaction.photo_key,
      image: interaction.image,
      profile_text: interaction.profile_text,
    };

    const messages = messagesFor(interaction.language);
    const brand = brandPresentation(company, Number(interaction.brand_id), messages.lang, this.config.publicUrl);
    const agent = agentCard(employee, this.config.publicUrl);
    const link = surveyUrl(this.config, job.payload.token);
    const email = renderSurveyEmail({
      messages,
      brand,
      logoSize: await this.logoSize(job.companyId, company.brands.find((b) => b.id === Number(interaction.brand_id))?.kit.logoKey ?? null),
      agent,
      customerName: interaction.customer_name,
      surveyUrl: link,
      unsubscribeUrl: `${link}/unsubscribe`,
      testNotice: isTest,
    });
    const replyTo = company.settings.reply_to === 'agent' ? employee.email : company.settings.reply_to || null;
    await sendJobEmail(
      this.mailer(),
      {
        from: { name: senderDisplayName(brand, agent, messages), address: this.config.smtpFrom },
        to,
        replyTo,
        ...email,
        unsubscribeUrl: `${link}/unsubscribe`,
        devLink: link,
        ...(typeof job.payload.ref === 'string' ? referenceFields(this.config, job.payload.ref) : {}),
      },
      this.kind,
      this.telemetry,
    );
  }

  /** The stored size of a brand's uploaded logo, so the email can give it width and height. */
  private async logoSize(companyId: number, key: string | null): Promise<{ width: number; height: number } | null> {
    if (!key) return null;
    const media = await this.db.selectFrom('media').select(['width', 'height']).where('company_id', '=', companyId).where('key', '=', key).executeTakeFirst();
    return media ? { width: Number(media.width), height: Number(media.height) } : null;
  }

  async record(trx: Trx, job: OutboxJob, outcome: JobOutcome): Promise<void> {
    if (job.interactionId === null) return;
    let status: string;
    if (outcome.status === 'sent') status = 'Sent';
    else if (outcome.status === 'failed') status = outcome.bounced ? 'Bounced' : 'Failed';
    else if (outcome.reason === UNSUBSCRIBED || outcome.reason === SUPPRESSED) status = outcome.reason;
    else return;
    // The company's sequence lock comes first, as in every transaction that writes an
    // interaction. Updating the outbox row a second time in this transaction re-checks its
    // foreign key, which share-locks the interaction; taken before the sequence lock, that
    // deadlocks with a survey answer (sequence lock, then a new sequence_id, a unique key).
    const [sequenceId] = await allocateSequenceIds(trx, job.companyId, [job.interactionId]);
    const update = () =>
      trx
        .updateTable('interactions')
        .set({
          delivery_status: status,
          sequence_id: sequenceId,
          updated_at: outcome.at,
          ...(outcome.status === 'sent' ? { sent_at: outcome.at } : {}),
        })
        .where('company_id', '=', job.companyId)
        .where('id', '=', job.interactionId!)
        .where('delivery_status', '=', 'Pending')
        .execute();
    // A send counts in the figures (after the sequence lock, as every rollup write); a failure does not.
    if (outcome.status === 'sent') await withInteractionRollups(trx, job.companyId, [job.interactionId], update, { recoveries: false });
    else await update();
    await this.outbox.setPayload(trx, job.id, '{}');
    if (outcome.status === 'failed') {
      const interaction = await trx.selectFrom('interactions').select(['uuid', 'is_test']).where('company_id', '=', job.companyId).where('id', '=', job.interactionId).executeTakeFirst();
      await this.queueWebhook(trx, job.companyId, 'request.delivery_failed', {
        request_id: interaction?.uuid ?? null,
        request_delivery_status: status,
        reason: outcome.reason,
      }, interaction?.is_test === 1);
    }
    if (outcome.status === 'sent' && !this.config.smtpUrl) this.log?.debug({ outbox_id: job.id }, 'survey email recorded as sent');
  }
}
