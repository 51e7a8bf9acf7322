import type { EmployeeRow } from '../../db/schema.ts';
import { employeeScope, type Scope } from '../access/scope.ts';
import type { Company } from '../companies/companies.repository.ts';
import type { EmployeeReach } from '../access/scope.ts';
import { dayStart, isoDay } from '../reports/local-time.ts';
import type { FiguresOut, MetricsReportView, ReportQueryInput } from '../reports/reports.schemas.ts';
import type { StreamCardView, StreamFilter, StreamPageView } from '../stream/stream.schemas.ts';
import type { DigestJob, DigestRepository } from './digest.repository.ts';
import type { PreferencesView } from './digest.schemas.ts';

/** What the digest needs of the reports service (reports.service.ts). */
export interface DigestReports {
  metrics(scope: Scope, query: ReportQueryInput): Promise<MetricsReportView>;
}

/** What the digest needs of the Stream (recent comments, within the recipient's scope). */
export interface DigestStream {
  page(scope: Scope, filter: StreamFilter & { limit?: number }): Promise<StreamPageView>;
}

/** Where the digest finds the recipient, their company and what they may see. */
export interface DigestPeople {
  company(companyId: number): Promise<Company | null>;
  employee(companyId: number, employeeId: number): Promise<EmployeeRow | undefined>;
  role(companyId: number, name: string): Promise<{ capabilities: readonly string[] } | undefined>;
  reach(companyId: number, employeeId: number): Promise<EmployeeReach>;
}

/** Agents ranked in a leader's digest need at least this many star ratings. */
export const DIGEST_MIN_RATINGS = 3;
/** At most this many recent comments, and this many agents at the top and at the bottom. */
export const DIGEST_COMMENTS = 3;
export const DIGEST_RANKED = 3;

export interface DigestAgent {
  name: string;
  star_rating_avg: number;
  star_ratings: number;
}

export interface DigestComment {
  agent: string;
  stars: number | null;
  text: string;
  url: string;
}

/** Everything the digest email shows, all of it within the recipient's scope. */
export interface DigestView {
  recipient: { name: string; firstName: string | null; email: string };
  company: { name: string };
  /** Whose figures: the whole company (admins, view_all_feedback) or the leader's team. */
  audience: 'company' | 'team';
  /** Monday to Sunday (ISO dates) of the week reported, and of the week before. */
  week: { from: string; to: string };
  previousWeek: { from: string; to: string };
  current: FiguresOut;
  previous: FiguresOut;
  /** Leaders only: best and worst star averages (best first / worst first). */
  top: DigestAgent[];
  bottom: DigestAgent[];
  comments: DigestComment[];
  links: { dashboard: string; preferences: string };
}

/** Builds a recipient's weekly digest from the reports and the Stream, as that recipient would see them in the app. */
export class DigestService {
  constructor(
    private readonly people: DigestPeople,
    private readonly reports: DigestReports,
    private readonly stream: DigestStream,
    private readonly publicUrl: string,
    private readonly repository: Pick<DigestRepository, 'setWeeklyDigest'>,
  ) {}

  /** Saves the employee's email preferences and returns them. */
  async setPreferences(companyId: number, employeeId: number, preferences: PreferencesView): Promise<PreferencesView> {
    await this.repository.setWeeklyDigest(companyId, employeeId, preferences.weekly_digest);
    return { weekly_digest: preferences.weekly_digest };
  }

  /** The digest of `job`, or a reason to skip it (no longer a recipient, turned off, gone). */
  async compose(companyId: number, job: DigestJob): Promise<DigestView | { skipped: string }> {
    const [company, employee] = await Promise.all([this.people.company(companyId), this.people.employee(companyId, job.employee_id)]);
    if (!company || !employee) return { skipped: 'the employee no longer exists' };
    if (employee.status !== 'active') return { skipped: 'the employee is no longer active' };
    if (employee.weekly_digest !== 1) return { skipped: 'the employee turned the weekly digest off' };
    const [role, reach] = await Promise.all([this.people.role(companyId, employee.role), this.people.reach(companyId, employee.id)]);
    const scope = employeeScope(company, employee, role, reach);
    if (scope.actor.kind !== 'employee') throw new Error('an employee scope');
    const isAdmin = scope.actor.capabilities.has('admin');
    if (!isAdmin && reach.teamMemberIds.length === 0) return { skipped: 'the employee no longer leads a team and is not an admin' };
    const audience = scope.actor.sees === 'company' ? 'company' : 'team';

    const week = { from: isoDay(job.week), to: isoDay(job.week + 6) };
    const timeZone = company.settings.time_zone;
    const [report, byAgent, comments] = await Promise.all([
      this.reports.metrics(scope, { ...week, compare: 'previous' }),
      audience === 'team' ? this.reports.metrics(scope, { ...week, group_by: 'employee' }) : null,
      this.stream.page(scope, {
        from: new Date(dayStart(job.week, timeZone)).toISOString(),
        to: new Date(dayStart(job.week + 7, timeZone) - 1).toISOString(),
        comment: true,
        limit: DIGEST_COMMENTS,
      }),
    ]);
    const { top, bottom } = rankAgents(byAgent);
    return {
      recipient: { name: [employee.first_name, employee.last_name].filter(Boolean).join(' ') || employee.email, firstName: employee.first_name, email: employee.email },
      company: { name: company.name },
      audience,
      week,
      previousWeek: report.previous ? { from: report.previous.from, to: report.previous.to } : { from: isoDay(job.week - 7), to: isoDay(job.week - 1) },
      current: report.total,
      previous: report.previous?.total ?? report.total,
      top,
      bottom,
      comments: comments.cards.map((card) => this.comment(card)),
      links: { dashboard: `${this.publicUrl}/reports`, preferences: `${this.publicUrl}/account#digest` },
    };
  }

  private comment(card: StreamCardView): DigestComment {
    return {
      agent: card.agent.name,
      stars: card.star_rating,
      text: card.comments.map((comment) => comment.text).join('\n'),
      url: `${this.publicUrl}/feedback/${encodeURIComponent(card.request_id)}`,
    };
  }
}

/** The best and the worst star averages among agents with enough ratings (no one in both lists). */
export function rankAgents(report: MetricsReportView | null): { top: DigestAgent[]; bottom: DigestAgent[] } {
  if (!report) return { top: [], bottom: [] };
  const ranked = report.rows
    .filter((row) => row.key.employee && row.star_rating_avg !== null && row.star_ratings >= DIGEST_MIN_RATINGS)
    .map((row) => ({ name: row.key.employee!.name, star_rating_avg: row.star_rating_avg!, star_ratings: row.star_ratings }))
    .sort((a, b) => b.star_rating_avg - a.star_rating_avg || b.star_ratings - a.star_ratings || a.name.localeCompare(b.name));
  const topCount = Math.min(DIGEST_RANKED, Math.ceil(ranked.length / 2));
  const top = ranked.slice(0, topCount);
  const bottom = ranked.slice(topCount).reverse().slice(0, DIGEST_RANKED);
  return { top, bottom };
}
