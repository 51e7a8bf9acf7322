import { escapeHtml } from './invite-pages.ts';
import type { InviteEmail } from './invite-email.ts';

/** The "reset your password" email with its single-use link. Pure: the outbox handler issues the link. */
export function buildPasswordResetEmail(
  company: { name: string },
  employee: { email: string; first_name: string | null },
  link: string,
  validMinutes: number,
): InviteEmail {
  const greeting = employee.first_name ? `Hi ${employee.first_name},` : 'Hi,';
  const subject = `Reset your ${company.name} password on Agent Connect`;
  const notice = `This link works once and expires in ${validMinutes} minutes. If you did not ask to reset your password, you can ignore this email: your password stays as it is.`;
  const text = [greeting, '', `Someone asked to reset the password of your ${company.name} account (${employee.email}) on Agent Connect.`, '', 'Choose a new password here:', link, '', notice].join('\n');
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5; color: #1f2933">
<p>${escapeHtml(greeting)}</p>
<p>Someone asked to reset the password of your ${escapeHtml(company.name)} account (${escapeHtml(employee.email)}) on Agent Connect.</p>
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 10px 18px; background: #2563eb; color: #fff; text-decoration: none; border-radius: 4px">Choose a new password</a></p>
<p style="font-size: 13px; color: #52606d">Or paste this link into your browser: ${escapeHtml(link)}<br>
${escapeHtml(notice)}</p>
</body></html>`;
  return { to: employee.email, subject, text, html };
}
