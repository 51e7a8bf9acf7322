import type { Config } from '../../config.ts';
import type { Telemetry } from '../../lib/telemetry.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { sendJobEmail } from '../../mail/send-email.ts';
import { OutboxError, type OutboxHandler, type OutboxJob } from '../../outbox/outbox-handlers.ts';
import { renderDigestEmail } from './digest-email.template.ts';
import { WEEKLY_DIGEST_KIND, type DigestJob } from './digest.repository.ts';
import type { DigestService } from './digest.service.ts';

/** Sends one recipient's weekly digest (enqueued by the DigestScheduler), built when it is sent. */
export class WeeklyDigestHandler implements OutboxHandler {
  readonly kind = WEEKLY_DIGEST_KIND;

  constructor(
    private readonly digests: DigestService,
    private readonly config: Pick<Config, 'smtpFrom'>,
    private readonly mailer: () => Mailer,
    private readonly telemetry?: Telemetry,
  ) {}

  async run(job: OutboxJob) {
    const payload = job.payload as Partial<DigestJob>;
    if (!Number.isInteger(payload.employee_id) || !Number.isInteger(payload.week)) throw new OutboxError('a weekly_digest job needs employee_id and week', true);
    const view = await this.digests.compose(job.companyId, { employee_id: payload.employee_id!, week: payload.week! });
    if ('skipped' in view) {
      this.telemetry?.email(this.kind, 'skipped');
      return { skipped: view.skipped };
    }
    const email = renderDigestEmail(view);
    await sendJobEmail(
      this.mailer(),
      { from: { name: `${view.company.name} via Agent Connect`, address: this.config.smtpFrom }, to: view.recipient.email, subject: email.subject, text: email.text, html: email.html, devLink: view.links.dashboard },
      this.kind,
      this.telemetry,
    );
  }
}
