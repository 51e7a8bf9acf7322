const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A small server-rendered page in the look of the set-password pages (no scripts: the page CSP applies). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Agent Connect</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem;background:#2563eb;color:#fff;border:0;border-radius:4px}
.problem{color:#b91c1c}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** A new-password form (set or reset) after its introduction; it posts back to the same (secret) URL. */
export function passwordFormPage(title: string, introHtml: string, email: string, minLength: number, submit: string, problem?: string): string {
  return page(
    title,
    `<p>${introHtml}</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" autocomplete="off">
<input type="hidden" name="username" value="${escapeHtml(email)}" autocomplete="username">
<label>New password <input type="password" name="password" minlength="${minLength}" required autocomplete="new-password"></label>
<label>Repeat the password <input type="password" name="password_confirmation" minlength="${minLength}" required autocomplete="new-password"></label>
<button type="submit">${escapeHtml(submit)}</button>
</form>`,
  );
}

/** The invitation's set-password form. */
export function setPasswordPage(companyName: string, firstName: string | null, email: string, minLength: number, problem?: string): string {
  const who = firstName ? `${escapeHtml(firstName)}, set` : 'Set';
  const intro = `${who} a password to activate your ${escapeHtml(companyName)} account (${escapeHtml(email)}).`;
  return passwordFormPage('Set your password', intro, email, minLength, 'Set password', problem);
}

export function passwordSetPage(companyName: string): string {
  return page('Your password is set', `<p>Your ${escapeHtml(companyName)} account on Agent Connect is active. You can close this page.</p>`);
}

const PROBLEMS = {
  unknown: ['Link not found', 'This link is not valid. Check that you copied the whole link from your invitation email.'],
  used: ['Link already used', 'This link has already been used to set a password. Ask your administrator for a new invitation if you need one.'],
  expired: ['Link expired', 'This invitation link has expired. Ask your administrator to invite you again.'],
  inactive: ['Account not available', 'This account is no longer active. Ask your administrator for help.'],
  forbidden: ['Request refused', 'This form must be sent from the page it was shown on. Open the link from your email again.'],
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export function problemPage(kind: ProblemKind): string {
  const [title, text] = PROBLEMS[kind];
  return page(title, `<p>${escapeHtml(text)}</p>`);
}
