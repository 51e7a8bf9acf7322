import { TooManyAttemptsError } from '../../lib/errors.ts';
import type { LoginFailuresRepository, ThrottleKind } from './login-failures.repository.ts';

/** Failed sign-ins allowed per account and per client address within the window. */
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

export interface LoginAttempt {
  /** The email as typed (throttled lower-cased, whether or not any account has it). */
  email: string;
  address: string;
}

/**
 * After LOGIN_FAILURE_LIMIT failed sign-ins within LOGIN_FAILURE_WINDOW_MS for one email (in any
 * company, existing or not) or from one client address, sign-ins are refused with 429 until the
 * oldest of those failures leaves the window. A success forgets the account's failures, not the address's.
 */
export class LoginThrottle {
  constructor(private readonly failures: LoginFailuresRepository) {}

  /** Throws TooManyAttemptsError while the account or the address is throttled. */
  async check(attempt: LoginAttempt): Promise<void> {
    const now = Date.now();
    const waits = await Promise.all(this.subjects(attempt).map(([kind, subject]) => this.waitMs(kind, subject, now)));
    const wait = Math.max(...waits);
    if (wait <= 0) return;
    const minutes = Math.ceil(wait / 60_000);
    throw new TooManyAttemptsError(
      `Too many failed sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      Math.ceil(wait / 1000),
    );
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const now = Date.now();
    for (const [kind, subject] of this.subjects(attempt)) await this.failures.record(kind, subject, now, now - LOGIN_FAILURE_WINDOW_MS);
  }

  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.failures.clear('account', accountSubject(attempt.email));
  }

  private subjects(attempt: LoginAttempt): [ThrottleKind, string][] {
    return [
      ['account', accountSubject(attempt.email)],
      ['address', attempt.address],
    ];
  }

  /** How long until the subject may try again (0 or less: now). */
  private async waitMs(kind: ThrottleKind, subject: string, now: number): Promise<number> {
    const recent = await this.failures.recent(kind, subject, now - LOGIN_FAILURE_WINDOW_MS, LOGIN_FAILURE_LIMIT);
    if (recent.length < LOGIN_FAILURE_LIMIT) return 0;
    return recent[LOGIN_FAILURE_LIMIT - 1] + LOGIN_FAILURE_WINDOW_MS - now;
  }
}

function accountSubject(email: string): string {
  return email.trim().toLowerCase();
}
