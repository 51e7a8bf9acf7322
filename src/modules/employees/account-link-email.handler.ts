import type { Config } from '../../config.ts';
import type { Telemetry } from '../../lib/telemetry.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { sendJobEmail } from '../../mail/send-email.ts';
import type { OutboxHandler, OutboxJob } from '../../outbox/outbox-handlers.ts';
import type { PreparedInvite } from './invite.service.ts';

/** What one kind of account email needs: how to prepare it (null: skip it) and why it would be skipped. */
export interface AccountLinkEmail {
  kind: string;
  prepare(companyId: number, payload: unknown): Promise<PreparedInvite | null>;
  skippedBecause: string;
}

/**
 * Sends an email that carries a fresh single-use link to the employee's account: the invitation
 * (set a password) and the "forgot password" email (reset it).
 */
export class AccountLinkEmailHandler implements OutboxHandler {
  readonly kind: string;

  constructor(
    private readonly email: AccountLinkEmail,
    private readonly config: Config,
    private readonly mailer: () => Mailer,
    private readonly telemetry?: Telemetry,
  ) {
    this.kind = email.kind;
  }

  async run(job: OutboxJob) {
    const email = await this.email.prepare(job.companyId, job.payload);
    if (!email) {
      this.telemetry?.email(this.kind, 'skipped');
      return { skipped: this.email.skippedBecause };
    }
    await sendJobEmail(
      this.mailer(),
      { from: { name: email.fromName, address: this.config.smtpFrom }, to: email.to, subject: email.subject, text: email.text, html: email.html, devLink: email.link },
      this.kind,
      this.telemetry,
    );
  }
}
