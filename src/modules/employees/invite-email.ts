import { escapeHtml } from './invite-pages.ts';

export interface InviteEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The welcome email of an invited employee, with the link to set their password.
 * Pure: the outbox handler (see InviteService.prepareInviteEmail) issues the link.
 */
export function buildInviteEmail(
  company: { name: string },
  employee: { email: string; first_name: string | null },
  link: string,
  validDays: number,
): InviteEmail {
  const greeting = employee.first_name ? `Hi ${employee.first_name},` : 'Hi,';
  const subject = `You're invited to ${company.name} on Agent Connect`;
  const text = [
    greeting,
    '',
    `${company.name} has invited you to Agent Connect, where you will see the feedback your customers give you.`,
    '',
    'Set your password to activate your account:',
    link,
    '',
    `This link works once and expires in ${validDays} days. If you did not expect this email, you can ignore it.`,
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5; color: #1f2933">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(company.name)} has invited you to Agent Connect, where you will see the feedback your customers give you.</p>
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 10px 18px; background: #2563eb; color: #fff; text-decoration: none; border-radius: 4px">Set your password</a></p>
<p style="font-size: 13px; color: #52606d">Or paste this link into your browser: ${escapeHtml(link)}<br>
This link works once and expires in ${validDays} days. If you did not expect this email, you can ignore it.</p>
</body></html>`;
  return { to: employee.email, subject, text, html };
}
