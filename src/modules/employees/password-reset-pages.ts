import { escapeHtml, page, passwordFormPage } from './invite-pages.ts';
import type { ResetLinkProblem } from './password-reset.service.ts';

/** The "forgot password" link's new-password form. */
export function resetPasswordPage(companyName: string, email: string, minLength: number, problem?: string): string {
  const intro = `Choose a new password for your ${escapeHtml(companyName)} account (${escapeHtml(email)}).`;
  return passwordFormPage('Choose a new password', intro, email, minLength, 'Change password', problem);
}

export function passwordChangedPage(companyName: string): string {
  return page('Your password is changed', `<p>Your ${escapeHtml(companyName)} password on Agent Connect is changed, and you were logged out everywhere. Log in with your new password.</p>\n<p><a href="/login">Sign in</a></p>`);
}

/** What is wrong with a reset link, as a page and as the JSON API's message. */
export const RESET_PROBLEMS: Record<ResetLinkProblem | 'forbidden', readonly [string, string]> = {
  unknown: ['Link not found', 'This password reset link is not valid. Check that you copied the whole link from the email, or ask for a new link.'],
  used: ['Link already used', 'This password reset link has already been used, or a newer one was sent. Ask for a new link if you still need to reset your password.'],
  expired: ['Link expired', 'This password reset link has expired (links work for one hour). Ask for a new link.'],
  inactive: ['Account not available', 'This account is no longer active. Ask your administrator for help.'],
  forbidden: ['Request refused', 'This form must be sent from the page it was shown on. Open the link from your email again.'],
};

export function resetProblemPage(kind: ResetLinkProblem | 'forbidden'): string {
  const [title, text] = RESET_PROBLEMS[kind];
  const askAgain = kind === 'unknown' || kind === 'used' || kind === 'expired' ? '\n<p><a href="/forgot-password">Ask for a new link</a></p>' : '';
  return page(title, `<p>${escapeHtml(text)}</p>${askAgain}`);
}
