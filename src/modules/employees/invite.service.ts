import type { EmployeeRow } from '../../db/schema.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { generateToken, sha256Hex } from '../../lib/secrets.ts';
import { passwordProblem } from './employee-fields.ts';
import { buildInviteEmail, type InviteEmail } from './invite-email.ts';
import type { InviteRecord, InvitesRepository } from './invites.repository.ts';

export const INVITE_VALID_DAYS = 7;

export type TokenState =
  | { state: 'valid'; invite: InviteRecord; employee: EmployeeRow; companyName: string }
  | { state: 'unknown' | 'used' | 'expired' | 'inactive' };

/** The welcome email plus what a mailer needs beside it. */
export interface PreparedInvite extends InviteEmail {
  /** Display name for the From header, e.g. "Blanca Peak via Agent Connect". */
  fromName: string;
  /** The set-password link in the email (for development logs only: it is a secret). */
  link: string;
}

export type SetPasswordResult = { ok: true } | { ok: false; problem: string } | { ok: false; state: 'unknown' | 'used' | 'expired' | 'inactive' };

/** Welcome emails of invited employees and the set-password flow behind their link. */
export class InviteService {
  constructor(
    private readonly repository: InvitesRepository,
    private readonly publicUrl: string,
    /** Called after an employee was activated (ingestion caches employee lookups). */
    private readonly onEmployeeChange: () => void = () => {},
    /** Ends the employee's web app sessions (their password changed). */
    private readonly endSessions: (companyId: number, employeeId: number) => Promise<void> = async () => {},
    private readonly validDays = INVITE_VALID_DAYS,
  ) {}

  /**
   * The outbox handler of kind `employee_invite`: issues a fresh set-password link and
   * renders the welcome email. Null when there is nothing to send (the employee is gone or
   * no longer pending). Each call issues a new token; earlier ones stay valid until used or expired.
   */
  async prepareInviteEmail(companyId: number, payload: unknown): Promise<PreparedInvite | null> {
    const employeeId = Number((payload as { employee_id?: unknown } | null)?.employee_id);
    if (!Number.isInteger(employeeId)) return null;
    const [employee, companyName] = await Promise.all([
      this.repository.findEmployee(companyId, employeeId),
      this.repository.companyName(companyId),
    ]);
    if (!employee || employee.status !== 'pending' || companyName === undefined) return null;
    const link = await this.issueLink(companyId, employeeId);
    return { ...buildInviteEmail({ name: companyName }, employee, link, this.validDays), fromName: `${companyName} via Agent Connect`, link };
  }

  /** A new single-use set-password link; only the token's hash is stored. */
  async issueLink(companyId: number, employeeId: number): Promise<string> {
    const token = generateToken(32);
    await this.repository.insert(companyId, employeeId, sha256Hex(token), Date.now() + this.validDays * 86_400_000);
    return `${this.publicUrl}/invite/${token}`;
  }

  async check(token: string): Promise<TokenState> {
    const invite = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await this.repository.findByHash(sha256Hex(token)) : undefined;
    if (!invite) return { state: 'unknown' };
    if (invite.used_at !== null) return { state: 'used' };
    if (invite.expires_at <= Date.now()) return { state: 'expired' };
    const [employee, companyName] = await Promise.all([
      this.repository.findEmployee(invite.company_id, invite.employee_id),
      this.repository.companyName(invite.company_id),
    ]);
    if (!employee || employee.status === 'deactivated' || companyName === undefined) return { state: 'inactive' };
    return { state: 'valid', invite, employee, companyName };
  }

  /** Sets the employee's password (scrypt) and activates a pending account; the token is then used up. */
  async setPassword(token: string, password: unknown, confirmation: unknown): Promise<SetPasswordResult> {
    const current = await this.check(token);
    if (current.state !== 'valid') return { ok: false, state: current.state };
    const problem = passwordProblem(password);
    if (problem) return { ok: false, problem };
    if (password !== confirmation) return { ok: false, problem: 'The two passwords do not match.' };
    const redeemed = await this.repository.redeem(current.invite, await hashPassword(password as string), Date.now());
    if (redeemed) {
      this.onEmployeeChange();
      await this.endSessions(current.invite.company_id, current.invite.employee_id);
    }
    return redeemed ? { ok: true } : { ok: false, state: 'used' };
  }
}
