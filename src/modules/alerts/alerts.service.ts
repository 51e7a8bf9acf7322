import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Trx } from '../../outbox/outbox.repository.ts';
import { can } from '../access/policy.ts';
import type { Scope } from '../access/scope.ts';
import { describeFailure, postOutbound, type DeliveryPolicy } from '../webhooks/outbound-post.ts';
import { privateTargetProblem } from '../webhooks/webhook-target.ts';
import { AlertRulesRepository, type AlertRuleListed, type AlertRuleValues } from './alert-rules.repository.ts';
import type { AlertRuleCreateIn, AlertRuleOut, AlertRuleUpdateIn } from './alerts.schemas.ts';
import { slackMessage, teamsMessage, type ChatAlert } from './chat-message.ts';

export const ALERTS_ADMINS_ONLY = 'Forbidden: only admins (or people with manage_settings) manage alerts';

/** The outcome of one POST of an alert. */
export type AlertSendResult = { status: 'sent'; httpStatus: number } | { status: 'failed'; error: string };

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * Slack and Microsoft Teams alerts: rules (a rating range, a comment condition, a team leader)
 * each posting matching finished responses to an incoming-webhook URL. The URL is a secret: it
 * is sealed with the installation's secret box and shown only by its host.
 */
export class AlertsService {
  constructor(
    private readonly repository: AlertRulesRepository,
    private readonly secretBox: () => SecretBox,
    private readonly policy: DeliveryPolicy,
    private readonly publicUrl: string,
  ) {}

  async list(scope: Scope): Promise<{ rules: AlertRuleOut[] }> {
    this.authorise(scope);
    return { rules: (await this.repository.list(scope.company.id)).map((row) => this.view(row)) };
  }

  async create(scope: Scope, input: AlertRuleCreateIn): Promise<AlertRuleOut> {
    this.authorise(scope);
    const companyId = scope.company.id;
    // Every field of a new rule is required, so each is checked and present.
    const values = await this.checked(companyId, input);
    const id = await this.repository.create(companyId, {
      ...(values as AlertRuleValues),
      comment_required: input.comment_required === true,
      team_leader_id: values.team_leader_id ?? null,
    });
    return this.view((await this.repository.find(companyId, id))!);
  }

  /**
   * Changes the fields given, checked as create checks them (the rating range against the rule's
   * stored bounds when only one is given); a new URL replaces the sealed one; `enabled` pauses or
   * resumes the rule.
   */
  async update(scope: Scope, id: number, input: AlertRuleUpdateIn): Promise<AlertRuleOut> {
    this.authorise(scope);
    const companyId = scope.company.id;
    const current = await this.require(companyId, id);
    const values = await this.checked(companyId, input, current);
    await this.repository.update(companyId, id, { ...values, ...(input.enabled === undefined ? {} : { enabled: input.enabled }) });
    return this.view(await this.require(companyId, id));
  }

  async remove(scope: Scope, id: number): Promise<void> {
    this.authorise(scope);
    if (!(await this.repository.remove(scope.company.id, id))) throw this.notFound(id);
  }

  /** Sends a sample message to the rule's URL now; the rule's last delivery shows how it went. */
  async test(scope: Scope, id: number): Promise<AlertRuleOut> {
    this.authorise(scope);
    const rule = await this.require(scope.company.id, id);
    const sample: ChatAlert = {
      ruleName: rule.name,
      agentName: 'Sample Agent',
      customerName: 'Sample Customer',
      rating: rule.max_rating,
      comment: 'This is a test message from Agent Connect: alerts of this rule will look like this.',
      brand: scope.company.name,
      channel: 'chat',
      url: `${this.publicUrl}/`,
      test: true,
    };
    await this.send(scope.company.id, rule, sample);
    return this.view(await this.require(scope.company.id, id));
  }

  /** 403 for someone who is not an admin, 404 for an id that is not a rule of the company, before any body is read. */
  async admit(scope: Scope, id?: number): Promise<void> {
    this.authorise(scope);
    if (id !== undefined) await this.require(scope.company.id, id);
  }

  /** The rule id of this name or id (the command line takes either). */
  async idOf(scope: Scope, nameOrId: string): Promise<number> {
    const rules = await this.repository.list(scope.company.id);
    const rule = rules.find((r) => String(r.id) === nameOrId.trim()) ?? rules.find((r) => r.name.toLowerCase() === nameOrId.trim().toLowerCase());
    if (!rule) throw new InvalidInputError(`no alert rule "${nameOrId}" in this company`);
    return Number(rule.id);
  }

  /**
   * A production survey has finished (inside the transaction recording it): one chat_alert
   * outbox row per enabled rule the response matches.
   */
  async onSurveyFinished(trx: Trx, companyId: number, interactionId: number): Promise<void> {
    const repository = new AlertRulesRepository(trx);
    const response = await repository.finishedResponse(companyId, interactionId);
    if (!response) return;
    const rules = await repository.matching(companyId, response);
    await repository.enqueue(companyId, interactionId, rules.map((rule) => Number(rule.id)));
  }

  /**
   * Delivers one queued alert. 'skipped' when the rule or the response is gone (or the rule was
   * turned off); 'sent' on a 2xx; a failure is recorded on the rule and returned for a retry.
   */
  async deliver(companyId: number, ruleId: number, interactionId: number): Promise<{ skipped: string } | AlertSendResult> {
    const rule = await this.repository.find(companyId, ruleId);
    if (!rule) return { skipped: 'the alert rule was removed' };
    if (rule.enabled !== 1) return { skipped: 'the alert rule is turned off' };
    const subject = await this.repository.subject(companyId, interactionId);
    if (!subject) return { skipped: 'the response no longer exists' };
    const agentName = [subject.agentFirstName, subject.agentLastName].filter(Boolean).join(' ') || subject.agentEmail;
    return this.send(companyId, rule, {
      ruleName: rule.name,
      agentName,
      customerName: subject.customerName,
      rating: subject.rating,
      comment: subject.comment,
      brand: subject.brand,
      channel: subject.channel,
      url: `${this.publicUrl}/feedback/${encodeURIComponent(subject.requestId)}`,
    });
  }

  private async send(companyId: number, rule: AlertRuleListed, alert: ChatAlert): Promise<AlertSendResult> {
    const body = JSON.stringify(rule.target === 'teams' ? teamsMessage(alert) : slackMessage(alert));
    let result: AlertSendResult;
    try {
      const url = this.secretBox().open(rule.url);
      const status = await postOutbound(url, { 'content-type': 'application/json', 'user-agent': 'agent-connect-alerts/1' }, body, this.policy);
      result = status >= 200 && status < 300 ? { status: 'sent', httpStatus: status } : { status: 'failed', error: `${rule.target === 'teams' ? 'Teams' : 'Slack'} answered ${status}` };
    } catch (failure) {
      result = { status: 'failed', error: failure instanceof Error && /cannot be opened/.test(failure.message) ? failure.message : describeFailure(failure) };
    }
    await this.repository.recordDelivery(companyId, Number(rule.id), { status: result.status, error: result.status === 'failed' ? result.error : null, at: Date.now() });
    return result;
  }

  /**
   * The rule's values from the fields given, each checked (a 400 naming the field): every field
   * for a new rule; for a change to `current`, only those given, the rating range as it would end up.
   */
  private async checked(companyId: number, input: AlertRuleUpdateIn, current?: AlertRuleListed): Promise<Partial<AlertRuleValues>> {
    const values: Partial<AlertRuleValues> = {};
    if (input.name !== undefined) {
      values.name = input.name.trim();
      if (values.name === '') throw new InvalidInputError('name: must not be empty');
    }
    if (input.target !== undefined) {
      if (input.target !== 'slack' && input.target !== 'teams') throw new InvalidInputError('target: slack or teams');
      values.target = input.target;
    }
    if (input.url !== undefined) values.url = this.secretBox().seal(this.checkUrl(input.url));
    for (const field of ['min_rating', 'max_rating'] as const) {
      const value = input[field];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 1 || value > 5) throw new InvalidInputError(`${field}: a whole number from 1 to 5`);
      values[field] = value;
    }
    const min = values.min_rating ?? current?.min_rating;
    const max = values.max_rating ?? current?.max_rating;
    if (min !== undefined && max !== undefined && min > max) throw new InvalidInputError(`min_rating ${min} is above max_rating ${max}`);
    if (input.comment_required !== undefined) values.comment_required = input.comment_required;
    if (input.team_leader_email !== undefined) {
      const leaderEmail = input.team_leader_email?.trim();
      const leader = leaderEmail ? await this.repository.activeEmployeeByEmail(companyId, leaderEmail) : undefined;
      if (leaderEmail && !leader) throw new InvalidInputError(`team_leader_email: no active employee ${leaderEmail} in this company`);
      values.team_leader_id = leader?.id ?? null;
    }
    if (values.name !== undefined && (await this.repository.nameTaken(companyId, values.name, current ? Number(current.id) : undefined))) {
      throw new InvalidInputError(`name: a rule named "${values.name}" already exists`);
    }
    return values;
  }

  /** The URL as given, when it may be used: https (http too where private networks are allowed, for local receivers), reachable on the internet. */
  private checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new InvalidInputError('url: not a URL; paste the incoming-webhook URL Slack or Teams gave you');
    }
    const allowed = this.policy.allowPrivateNetworks ? ['https:', 'http:'] : ['https:'];
    if (!allowed.includes(url.protocol) || url.hostname === '') throw new InvalidInputError('url: must be an https URL');
    if (!this.policy.allowPrivateNetworks) {
      const problem = privateTargetProblem(url);
      if (problem) throw new InvalidInputError(`url: must be reachable on the internet: ${problem}`);
    }
    return url.toString();
  }

  private authorise(scope: Scope): void {
    if (!can(scope, 'manage-settings', { companyId: scope.company.id })) throw new ForbiddenError(ALERTS_ADMINS_ONLY);
  }

  private async require(companyId: number, id: number): Promise<AlertRuleListed> {
    const rule = await this.repository.find(companyId, id);
    if (!rule) throw this.notFound(id);
    return rule;
  }

  private notFound(id: number): NotFoundError {
    return new NotFoundError(`Not Found: no alert rule ${id} in this company`);
  }

  private urlHost(sealed: string): string {
    try {
      return new URL(this.secretBox().open(sealed)).host;
    } catch {
      return '(sealed under another key)';
    }
  }

  private view(row: AlertRuleListed): AlertRuleOut {
    const leaderName = [row.leader_first_name, row.leader_last_name].filter(Boolean).join(' ');
    return {
      id: Number(row.id),
      name: row.name,
      target: row.target === 'teams' ? 'teams' : 'slack',
      url_host: this.urlHost(row.url),
      min_rating: row.min_rating,
      max_rating: row.max_rating,
      comment_required: row.comment_required === 1,
      team_leader: row.team_leader_id === null || row.leader_email === null ? null : { id: Number(row.team_leader_id), name: leaderName || row.leader_email, email: row.leader_email },
      enabled: row.enabled === 1,
      last_status: row.last_status === 'sent' || row.last_status === 'failed' ? row.last_status : null,
      last_error: row.last_error,
      last_sent_at: iso(row.last_sent_at),
      created_at: iso(row.created_at)!,
    };
  }
}
