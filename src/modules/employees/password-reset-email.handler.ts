import type { Config } from '../../config.ts';
import type { Telemetry } from '../../lib/telemetry.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { sendJobEmail } from '../../mail/send-email.ts';
import type { OutboxHandler, OutboxJob } from '../../outbox/outbox-handlers.ts';
import { PASSWORD_RESET_KIND, type PasswordResetService } from './password-reset.service.ts';

/** Sends the "reset your password" email with a fresh single-use link. */
export class PasswordResetEmailHandler implements OutboxHandler {
  readonly kind = PASSWORD_RESET_KIND;

  constructor(
    private readonly config: Config,
    private readonly resets: PasswordResetService,
    private readonly mailer: () => Mailer,
    private readonly telemetry?: Telemetry,
  ) {}

  async run(job: OutboxJob) {
    const email = await this.resets.prepareResetEmail(job.companyId, job.payload);
    if (!email) {
      this.telemetry?.email(this.kind, 'skipped');
      return { skipped: 'the employee is no longer active with a password' };
    }
    await sendJobEmail(
      this.mailer(),
      { from: { name: email.fromName, address: this.config.smtpFrom }, to: email.to, subject: email.subject, text: email.text, html: email.html, devLink: email.link },
      this.kind,
      this.telemetry,
    );
  }
}
