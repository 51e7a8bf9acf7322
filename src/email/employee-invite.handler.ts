import type { Config } from '../config.ts';
import type { InviteService } from '../modules/employees/invite.service.ts';
import { EMPLOYEE_INVITE_KIND } from '../modules/employees/provisioning.service.ts';
import { classifySendError, type Mailer } from './mailer.ts';
import { OutboxError, type OutboxHandler, type OutboxJob } from './outbox-worker.ts';

/** Sends the welcome email of an invited employee, with a fresh set-password link. */
export class EmployeeInviteHandler implements OutboxHandler {
  readonly kind = EMPLOYEE_INVITE_KIND;

  constructor(
    private readonly config: Config,
    private readonly invites: InviteService,
    private readonly mailer: () => Mailer,
  ) {}

  async run(job: OutboxJob) {
    const email = await this.invites.prepareInviteEmail(job.companyId, job.payload);
    if (!email) return { skipped: 'the employee is no longer pending' };
    try {
      await this.mailer().send({
        from: { name: email.fromName, address: this.config.smtpFrom },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        devLink: email.link,
      });
    } catch (error) {
      const failure = classifySendError(error);
      throw new OutboxError(failure.message, failure.permanent, failure.bounced);
    }
  }
}
