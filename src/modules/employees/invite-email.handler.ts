import type { Config } from '../../config.ts';
import type { Telemetry } from '../../lib/telemetry.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { sendJobEmail } from '../../mail/send-email.ts';
import type { OutboxHandler, OutboxJob } from '../../outbox/outbox-handlers.ts';
import type { InviteService } from './invite.service.ts';
import { EMPLOYEE_INVITE_KIND } from './provisioning.service.ts';

/** Sends the welcome email of an invited employee, with a fresh set-password link. */
export class InviteEmailHandler implements OutboxHandler {
  readonly kind = EMPLOYEE_INVITE_KIND;

  constructor(
    private readonly config: Config,
    private readonly invites: InviteService,
    private readonly mailer: () => Mailer,
    private readonly telemetry?: Telemetry,
  ) {}

  async run(job: OutboxJob) {
    const email = await this.invites.prepareInviteEmail(job.companyId, job.payload);
    if (!email) {
      this.telemetry?.email(this.kind, 'skipped');
      return { skipped: 'the employee is no longer pending' };
    }
    await sendJobEmail(
      this.mailer(),
      { from: { name: email.fromName, address: this.config.smtpFrom }, to: email.to, subject: email.subject, text: email.text, html: email.html, devLink: email.link },
      this.kind,
      this.telemetry,
    );
  }
}
