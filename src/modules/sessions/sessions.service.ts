import { timingSafeEqual } from 'node:crypto';
import type { EmployeeRow, SessionRow } from '../../db/schema.ts';
import { InvalidInputError, NotFoundError, UnauthorizedError } from '../../lib/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { generateToken, sha256Hex } from '../../lib/secrets.ts';
import { employeeScope, type Scope } from '../access/scope.ts';
import type { Company } from '../companies/companies.repository.ts';
import { passwordProblem } from '../employees/employee-fields.ts';
import type { EmployeesRepository } from '../employees/employees.repository.ts';
import type { RolesRepository } from '../employees/roles.repository.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionsRepository } from './sessions.repository.ts';

/** The answer of a request that needs a session and has none (no cookie, or its session has ended). */
export const NO_SESSION = 'Unauthorized: sign in first (no session, or it has ended)';
/** The same answer whether the email is unknown, the password wrong, or the account inactive. */
export const BAD_CREDENTIALS = 'The email or password is not correct';
/** A session's `last_seen_at` is written at most this often. */
export const TOUCH_INTERVAL_MS = 60_000;
export const WRONG_CURRENT_PASSWORD = 'The current password (current_password) is not correct';
export const SAME_PASSWORD = 'The new password (new_password) must differ from the current one';

export interface SessionLifetimes {
  idleTimeoutMs: number;
  maxAgeMs: number;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  address: string;
  userAgent?: string;
}

export interface LoginInput {
  email: string;
  password: string;
  /** The company's subdomain, needed only when the email and password match in several companies. */
  company?: string;
  address: string;
  userAgent?: string;
}

/** A request's session: who is signed in, where, and what they may see. */
export interface ActiveSession {
  session: SessionRow;
  employee: EmployeeRow;
  company: Company;
  scope: Scope;
  /** For the x-csrf-token header of state-changing requests. */
  csrfToken: string;
}

/** A new session: the token goes into the cookie and is never stored. */
export interface SignedIn extends ActiveSession {
  token: string;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/** The CSRF token of a session, derived from its token (so only the cookie's holder can know it). */
function csrfTokenOf(token: string): string {
  return sha256Hex(`csrf:${token}`);
}

/** Web app sign-in, the sessions behind the cookie, and their revocation. */
export class SessionsService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly repository: SessionsRepository,
    private readonly throttle: LoginThrottle,
    private readonly employees: EmployeesRepository,
    private readonly roles: RolesRepository,
    private readonly company: (companyId: number) => Promise<Company | null>,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /**
   * Checks the email and password (throttled per account and per client address) and opens a
   * session. 401 BAD_CREDENTIALS for an unknown email, a wrong password, an inactive or
   * password-less account alike; 400 when they match in several companies and `company` is not given.
   */
  async login(input: LoginInput): Promise<SignedIn> {
    await this.throttle.check(input);
    const candidates = await this.repository.findLoginCandidates(input.email, input.company);
    const matches: typeof candidates = [];
    for (const candidate of candidates) if (await verifyPassword(input.password, candidate.password_hash!)) matches.push(candidate);
    if (candidates.length === 0) await verifyPassword(input.password, await (this.dummyHash ??= hashPassword(generateToken())));
    if (matches.length === 0) {
      await this.throttle.recordFailure(input);
      throw new UnauthorizedError(BAD_CREDENTIALS);
    }
    if (matches.length > 1) {
      throw new InvalidInputError(`This email and password sign in to several companies (${matches.map((m) => m.subdomain).join(', ')}): send company, the subdomain of the one to sign in to`);
    }
    await this.throttle.recordSuccess(input);
    const signedIn = await this.open(matches[0], input.userAgent);
    if (!signedIn) throw new UnauthorizedError(BAD_CREDENTIALS);
    return signedIn;
  }

  /**
   * Opens a session for an employee who has just proved who they are another way (the invite
   * flow's set-password): the same session as a sign-in. Null when they cannot sign in (not
   * active, no password, their company gone).
   */
  async signInAfterPasswordSet(companyId: number, employeeId: number, userAgent?: string): Promise<SignedIn | null> {
    const employee = await this.employees.findById(companyId, employeeId);
    if (!employee || employee.status !== 'active' || employee.password_hash === null) return null;
    return this.open(employee, userAgent);
  }

  /**
   * The signed-in employee changes their password: the current one is checked (a wrong one counts
   * as a failed sign-in for the throttle), then every session of theirs ends, in every process,
   * and a new one is opened for this browser. 400 naming the field, 429 while throttled.
   */
  async changePassword(active: ActiveSession, change: PasswordChange): Promise<SignedIn> {
    const { employee, company } = active;
    const problem = passwordProblem(change.newPassword);
    if (problem) throw new InvalidInputError(`The new password (new_password) is refused: ${problem}`);
    if (change.newPassword === change.currentPassword) throw new InvalidInputError(SAME_PASSWORD);
    const attempt = { email: employee.email, address: change.address };
    await this.throttle.check(attempt);
    const stored = employee.password_hash;
    if (stored === null || !(await verifyPassword(change.currentPassword, stored))) {
      await this.throttle.recordFailure(attempt);
      throw new InvalidInputError(WRONG_CURRENT_PASSWORD);
    }
    await this.throttle.recordSuccess(attempt);
    const changed = await this.employees.changePassword(company.id, employee.id, stored, await hashPassword(change.newPassword), Date.now());
    // Changed meanwhile (another change, deactivation): this session is no longer good.
    if (!changed) throw new UnauthorizedError(NO_SESSION);
    await this.endSessions(company.id, employee.id);
    const signedIn = await this.signInAfterPasswordSet(company.id, employee.id, change.userAgent);
    if (!signedIn) throw new UnauthorizedError(NO_SESSION);
    return signedIn;
  }

  private async open(employee: EmployeeRow, userAgent: string | undefined): Promise<SignedIn | null> {
    const token = generateToken(32);
    const now = Date.now();
    const session = await this.repository.create(employee.company_id, employee.id, {
      tokenHash: sha256Hex(token),
      now,
      expiresAt: now + this.lifetimes.maxAgeMs,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    const active = await this.activate(session, employee, token);
    return active && { ...active, token };
  }

  /** The live session of a cookie's token, or null (unknown, ended, idle too long, too old, employee inactive). */
  async authenticate(token: string): Promise<ActiveSession | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const found = await this.repository.findByTokenHash(sha256Hex(token));
    if (!found) return null;
    const { session, employee } = found;
    const now = Date.now();
    if (now >= session.expires_at || now - session.last_seen_at >= this.lifetimes.idleTimeoutMs || employee.status !== 'active') {
      await this.repository.delete(session.company_id, session.employee_id, session.id);
      return null;
    }
    const active = await this.activate(session, employee, token);
    if (active && now - session.last_seen_at >= TOUCH_INTERVAL_MS) {
      await this.repository.touch(session.company_id, session.id, now);
      active.session = { ...session, last_seen_at: now };
    }
    return active;
  }

  /** True when `given` is the session's CSRF token (compared in constant time). */
  csrfMatches(active: ActiveSession, given: string | undefined): boolean {
    if (given === undefined) return false;
    const expected = Buffer.from(active.csrfToken);
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  async logout(active: ActiveSession): Promise<void> {
    await this.repository.delete(active.company.id, active.employee.id, active.session.id);
  }

  /** The employee's sessions, newest first. */
  async list(companyId: number, employeeId: number): Promise<SessionRow[]> {
    return this.repository.listForEmployee(companyId, employeeId);
  }

  /** Ends one of the employee's own sessions; 404 when they have none of this id. */
  async revoke(companyId: number, employeeId: number, sessionId: number): Promise<void> {
    if (!(await this.repository.delete(companyId, employeeId, sessionId))) throw new NotFoundError(`No session ${sessionId} of yours`);
  }

  /**
   * Ends every session of the employee at once, in every process (each request reads its session
   * row). Call it when their password, role or status changes.
   */
  async endSessions(companyId: number, employeeId: number): Promise<void> {
    await this.repository.deleteAllOf(companyId, employeeId);
  }

  /** Deletes the sessions that have ended without being used again (run now and then). */
  async purgeEnded(): Promise<void> {
    const now = Date.now();
    await this.repository.purgeEnded(now, now - this.lifetimes.idleTimeoutMs);
  }

  private async activate(session: SessionRow, employee: EmployeeRow, token: string): Promise<ActiveSession | null> {
    const company = await this.company(session.company_id);
    if (!company) return null;
    const [role, reach] = await Promise.all([this.roles.findRole(company.id, employee.role), this.employees.reach(company.id, employee.id)]);
    return { session, employee, company, scope: employeeScope(company, employee, role, reach), csrfToken: csrfTokenOf(token) };
  }
}
