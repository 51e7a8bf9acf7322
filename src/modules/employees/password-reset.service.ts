import type { EmployeeRow } from '../../db/schema.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { generateToken, sha256Hex } from '../../lib/secrets.ts';
import { passwordProblem } from './employee-fields.ts';
import type { PreparedInvite } from './invite.service.ts';
import { buildPasswordResetEmail } from './password-reset-email.ts';
import type { PasswordResetRecord, PasswordResetsRepository } from './password-resets.repository.ts';

/** The outbox kind of the "reset your password" email. */
export const PASSWORD_RESET_KIND = 'password_reset';
export const RESET_VALID_MINUTES = 60;
/** Requests per hour per email and per client address; beyond them nothing is sent. */
export const RESET_REQUESTS_PER_HOUR = 5;

export type ResetLinkProblem = 'unknown' | 'used' | 'expired' | 'inactive';

export type ResetTokenState =
  | { state: 'valid'; reset: PasswordResetRecord; employee: EmployeeRow; companyName: string }
  | { state: ResetLinkProblem };

export type ResetResult = { ok: true } | { ok: false; problem: string } | { ok: false; state: ResetLinkProblem };

/** "Forgot password": single-use links by email, and the new password set through one. */
export class PasswordResetService {
  constructor(
    private readonly repository: PasswordResetsRepository,
    private readonly publicUrl: string,
    /** Called after an employee's password changed: their sessions end. */
    private readonly onPasswordChanged: (companyId: number, employeeId: number) => void | Promise<void>,
  ) {}

  /**
   * Queues a reset email for each active account with a password and this email (in `company`
   * when given). Answers the same whether or not there is one; beyond RESET_REQUESTS_PER_HOUR
   * requests for the email or from the client address within an hour, nothing is sent.
   */
  async request(email: string, company: string | undefined, clientAddress: string): Promise<void> {
    const emailKey = email.trim().toLowerCase();
    const now = Date.now();
    const counts = await this.repository.recordRequest(sha256Hex(emailKey), sha256Hex(clientAddress), now);
    if (counts.sameEmail > RESET_REQUESTS_PER_HOUR || counts.sameClient > RESET_REQUESTS_PER_HOUR) return;
    let companyId: number | null = null;
    if (company !== undefined) {
      const found = await this.repository.companyIdBySubdomain(company);
      if (found === undefined) return;
      companyId = found;
    }
    for (const account of await this.repository.accountsByEmail(companyId, emailKey)) {
      await this.repository.enqueueEmail(account.company_id, PASSWORD_RESET_KIND, account.employee_id, now);
    }
  }

  /**
   * The outbox handler of kind `password_reset`: issues a fresh link (retiring the employee's
   * earlier ones) and renders the email. Null when the employee is gone, inactive or has no password.
   */
  async prepareResetEmail(companyId: number, payload: unknown): Promise<PreparedInvite | null> {
    const employeeId = Number((payload as { employee_id?: unknown } | null)?.employee_id);
    if (!Number.isInteger(employeeId)) return null;
    const [employee, companyName] = await Promise.all([this.repository.findEmployee(companyId, employeeId), this.repository.companyName(companyId)]);
    if (!employee || employee.status !== 'active' || employee.password_hash === null || companyName === undefined) return null;
    const token = generateToken(32);
    const now = Date.now();
    await this.repository.issue(companyId, employeeId, sha256Hex(token), now, now + RESET_VALID_MINUTES * 60_000);
    const link = `${this.publicUrl}/reset-password/${token}`;
    return { ...buildPasswordResetEmail({ name: companyName }, employee, link, RESET_VALID_MINUTES), fromName: `${companyName} via Agent Connect`, link };
  }

  async check(token: string): Promise<ResetTokenState> {
    const reset = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await this.repository.findByHash(sha256Hex(token)) : undefined;
    if (!reset) return { state: 'unknown' };
    if (reset.used_at !== null) return { state: 'used' };
    if (reset.expires_at <= Date.now()) return { state: 'expired' };
    const [employee, companyName] = await Promise.all([
      this.repository.findEmployee(reset.company_id, reset.employee_id),
      this.repository.companyName(reset.company_id),
    ]);
    if (!employee || employee.status !== 'active' || companyName === undefined) return { state: 'inactive' };
    return { state: 'valid', reset, employee, companyName };
  }

  /** Sets the new password (scrypt) through a valid link, which is then spent, and ends the employee's sessions. */
  async reset(token: string, password: unknown, confirmation: unknown = password): Promise<ResetResult> {
    const current = await this.check(token);
    if (current.state !== 'valid') return { ok: false, state: current.state };
    const problem = passwordProblem(password);
    if (problem) return { ok: false, problem };
    if (password !== confirmation) return { ok: false, problem: 'The two passwords do not match.' };
    const { reset } = current;
    if (!(await this.repository.redeem(reset, await hashPassword(password as string), Date.now()))) return { ok: false, state: 'used' };
    await this.onPasswordChanged(reset.company_id, reset.employee_id);
    return { ok: true };
  }
}
