import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.ts';
import type { Db } from '../../src/db/database.ts';
import { hashPassword } from '../../src/lib/passwords.ts';

export const PASSWORD = 'correct horse battery staple';

export type Send = (options: InjectOptions & { method: string; url: string }) => Promise<LightMyRequestResponse>;

/** Gives an employee row a password they can sign in with (as the invite flow would). */
export async function setPassword(db: Db, employee: { company_id: number; id: number }, password = PASSWORD): Promise<void> {
  await db.kysely
    .updateTable('employees')
    .set({ password_hash: await hashPassword(password) })
    .where('company_id', '=', employee.company_id)
    .where('id', '=', employee.id)
    .execute();
}

export function login(app: App, body: Record<string, unknown>, headers: Record<string, string> = {}, send: Send = (o) => app.inject(o)) {
  return send({ method: 'POST', url: '/app/api/session', payload: body, headers });
}

/** A signed-in browser: its cookie, CSRF token and the sign-in answer. */
export interface Browser {
  cookie: string;
  csrf: string;
  sessionId: number;
  /** A request with the cookie (and the CSRF token unless `csrf: false`). */
  send(app: App, method: string, url: string, options?: { csrf?: string | false; send?: Send; payload?: Record<string, unknown> }): Promise<LightMyRequestResponse>;
}

export async function signIn(app: App, email: string, password = PASSWORD, extra: Record<string, unknown> = {}, send?: Send): Promise<Browser> {
  const response = await login(app, { email, password, ...extra }, {}, send);
  if (response.statusCode !== 200) throw new Error(`sign-in of ${email} answered ${response.statusCode}: ${response.body}`);
  const value = response.cookies.find((c) => c.name === 'ac_session')!.value;
  const body = response.json();
  const cookie = `ac_session=${value}`;
  return {
    cookie,
    csrf: body.csrf_token,
    sessionId: body.session.id,
    send: (target, method, url, options = {}) => {
      const headers: Record<string, string> = { cookie };
      const csrf = options.csrf === undefined ? body.csrf_token : options.csrf;
      if (csrf !== false) headers['x-csrf-token'] = csrf;
      return (options.send ?? ((o) => target.inject(o)))({ method, url, headers, ...(options.payload ? { payload: options.payload } : {}) });
    },
  };
}

/** Sends through app.inject with these extra headers (a client address, a user agent...). */
export function injectWith(app: App, headers: () => Record<string, string>): Send {
  return (options) => app.inject({ ...options, headers: { ...(options.headers as Record<string, string>), ...headers() } });
}
