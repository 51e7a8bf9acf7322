import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, EmployeeRow } from '../../db/schema.ts';
import type { CoachingSessionRow } from '../../db/schema-qa.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import { formatUtc } from '../../feeds/timestamps.ts';
import type { Scope } from '../access/scope.ts';
import { personJson, type PeopleLookup } from '../employees/people-lookup.ts';
import type { InteractionsRepository } from '../interactions/interactions.repository.ts';
import { findSolicitation, optionalText } from '../qa/qa-input.ts';
import type { QaRepository } from '../qa/qa.repository.ts';
import type { ExternalMetricsService } from '../metrics/metrics.service.ts';
import { addCoachingSession } from '../reports/rollup-writer.ts';
import type { CoachingRepository } from './coaching.repository.ts';
import { sessionJson, type AttachmentDoc, type KudosDoc, type MetricAttachmentDoc, type SessionJson } from './coaching.presenter.ts';
import type { ActionItemsFilter, SessionAdditions, SessionInput, SessionUpdate } from './coaching.schemas.ts';

/** What a create or update adds to a session, checked before anything is written. */
interface Plan {
  newItems: { text: string; category: string | null; owner_id: number; due_date: number | null }[];
  completeItemIds: number[];
  /** Sessions whose created items this write completes: their payload changes too. */
  touchedSessionIds: number[];
  kudos: KudosDoc[];
  metrics: MetricAttachmentDoc[];
  feedback: AttachmentDoc[];
  reviews: AttachmentDoc[];
}

/** 1:1 coaching sessions: a coach and an employee, action items, kudos and attachments. */
export class CoachingService {
  constructor(
    private readonly repository: CoachingRepository,
    private readonly qa: QaRepository,
    private readonly metrics: ExternalMetricsService,
    private readonly people: PeopleLookup,
    private readonly interactions: InteractionsRepository,
  ) {}

  async create(companyId: number, input: SessionInput): Promise<SessionJson> {
    const coach = await this.people.resolveActor(companyId, input.coach, 'coach', 'can_coach');
    const employee = await this.people.resolveEmployee(companyId, input.employee, 'employee');
    if (coach.id === employee.id) throw new UnprocessableError(['coach and employee must be different people']);
    const plan = await this.plan(companyId, employee, input);
    const now = Date.now();
    const id = await this.repository.write(companyId, async (trx) => {
      const sessionId = await this.repository.insertSession(trx, companyId, {
        uuid: randomUUID(),
        coach_id: coach.id,
        employee_id: employee.id,
        title: input.title.trim(),
        private: input.private ? 1 : 0,
        archived: 0,
        shared_at: input.share ? now : null,
        reshared_at: null,
        kudos: JSON.stringify(plan.kudos),
        metric_attachments: JSON.stringify(plan.metrics),
        feedback_attachments: JSON.stringify(plan.feedback),
        qa_review_attachments: JSON.stringify(plan.reviews),
        created_at: now,
        updated_at: now,
      });
      await this.apply(trx, companyId, sessionId, employee.id, plan, now);
      // The session counts in the figures (after the company lock write() takes first).
      await addCoachingSession(trx, companyId, { employee_id: employee.id, created_at: now });
      return sessionId;
    });
    return this.one(companyId, id);
  }

  /**
   * Edits the session and adds to it; `share: true` shares it, or records a re-share once
   * shared. The session is re-read under the company's write lock so concurrent edits merge.
   */
  async update(companyId: number, uuid: string, input: SessionUpdate): Promise<SessionJson> {
    const found = await this.require(companyId, uuid);
    const employee = await this.people.byId(companyId, found.employee_id);
    const plan = await this.plan(companyId, employee, input);
    await this.repository.write(companyId, async (trx) => {
      const session = await this.repository.sessionById(trx, companyId, found.id);
      const now = Date.now();
      const share = input.share === true ? (session.shared_at === null ? { shared_at: now } : { reshared_at: now }) : {};
      await this.repository.updateSession(trx, companyId, session.id, {
        title: input.title?.trim() ?? session.title,
        private: input.private === undefined ? session.private : input.private ? 1 : 0,
        archived: input.archived === undefined ? session.archived : input.archived ? 1 : 0,
        ...share,
        kudos: JSON.stringify([...parseJson<KudosDoc[]>(session.kudos, []), ...plan.kudos]),
        metric_attachments: JSON.stringify([...parseJson<MetricAttachmentDoc[]>(session.metric_attachments, []), ...plan.metrics]),
        feedback_attachments: JSON.stringify([...parseJson<AttachmentDoc[]>(session.feedback_attachments, []), ...plan.feedback]),
        qa_review_attachments: JSON.stringify([...parseJson<AttachmentDoc[]>(session.qa_review_attachments, []), ...plan.reviews]),
        updated_at: now,
      });
      await this.apply(trx, companyId, session.id, employee.id, plan, now);
    });
    return this.one(companyId, found.id);
  }

  private async apply(trx: Transaction<Database>, companyId: number, sessionId: number, employeeId: number, plan: Plan, now: number): Promise<void> {
    await this.repository.insertActionItems(
      trx,
      companyId,
      plan.newItems.map((item) => ({ ...item, uuid: randomUUID(), session_id: sessionId, completed_in_session_id: null, employee_id: employeeId, status: 'open', created_at: now, completed_at: null })),
    );
    const completed = await this.repository.completeActionItems(trx, companyId, plan.completeItemIds, sessionId, now);
    if (completed !== plan.completeItemIds.length) throw new UnprocessableError(['complete_action_items: an item was completed meanwhile; send the request again']);
    await this.repository.stamp(trx, companyId, [sessionId, ...plan.touchedSessionIds]);
  }

  private async plan(companyId: number, employee: EmployeeRow, input: SessionAdditions): Promise<Plan> {
    const errors: string[] = [];
    const now = Date.now();
    const plan: Plan = { newItems: [], completeItemIds: [], touchedSessionIds: [], kudos: [], metrics: [], feedback: [], reviews: [] };
    for (const [i, item] of (input.action_items ?? []).entries()) {
      const owner = item.owner ? await this.people.resolveEmployee(companyId, item.owner, `action_items[${i}].owner`) : employee;
      plan.newItems.push({ text: item.text.trim(), category: optionalText(item.category), owner_id: owner.id, due_date: item.due_date ? Date.parse(item.due_date) : null });
    }
    const toComplete = await this.repository.actionItemsByUuid(companyId, input.complete_action_items ?? []);
    for (const [i, uuid] of (input.complete_action_items ?? []).entries()) {
      const item = toComplete.find((it) => it.uuid === uuid.toLowerCase());
      if (!item) throw new NotFoundError(`complete_action_items[${i}] "${uuid}" is not an action item of this company`);
      if (item.employee_id !== employee.id) errors.push(`complete_action_items[${i}] belongs to another employee's coaching`);
      else if (item.status !== 'open') errors.push(`complete_action_items[${i}] is already completed`);
      else {
        plan.completeItemIds.push(item.id);
        plan.touchedSessionIds.push(item.session_id);
      }
    }
    plan.kudos = (input.kudos ?? []).map((k) => ({ text: k.text.trim(), created_at: now }));
    for (const [i, metric] of (input.metric_attachments ?? []).entries()) {
      const field = `metric_attachments[${i}]`;
      const start = Date.parse(metric.start_date);
      const end = Date.parse(metric.end_date);
      if (end < start) errors.push(`${field}.end_date must not be before start_date`);
      let score = metric.score ?? null;
      const fromIntegration = metric.integration_id !== undefined || metric.metric !== undefined;
      if (fromIntegration && (metric.integration_id === undefined || metric.metric === undefined)) errors.push(`${field} needs both integration_id and metric`);
      else if (fromIntegration && metric.score !== undefined) errors.push(`${field} takes either score or integration_id and metric, not both`);
      else if (fromIntegration) {
        const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        score = await this.metrics.sumMetric(companyId, metric.integration_id!, metric.metric!, employee.id, day(start), day(end));
      } else if (metric.score === undefined) errors.push(`${field} needs a score, or an integration_id and metric`);
      const name = metric.name?.trim() || metric.metric;
      if (!name) errors.push(`${field}.name is required`);
      plan.metrics.push({ name: name ?? '', score, start_date: start, end_date: end, added_at: now, notes: optionalText(metric.notes) });
    }
    for (const [i, attachment] of (input.feedback_attachments ?? []).entries()) {
      const interaction = await findSolicitation(this.interactions, companyId, attachment.uuid.trim(), `feedback_attachments[${i}].uuid`);
      if (interaction.employee_id !== employee.id) errors.push(`feedback_attachments[${i}].uuid is feedback of another employee`);
      plan.feedback.push({ uuid: interaction.uuid, interaction_id: interaction.ext_interaction_id, added_at: now, notes: optionalText(attachment.notes) });
    }
    for (const [i, attachment] of (input.qa_review_attachments ?? []).entries()) {
      const review = await this.qa.findReview(companyId, attachment.uuid.trim());
      if (!review) throw new NotFoundError(`qa_review_attachments[${i}].uuid "${attachment.uuid}" is not a QA review of this company`);
      if (review.employee_id !== employee.id) errors.push(`qa_review_attachments[${i}].uuid is a review of another employee`);
      plan.reviews.push({ uuid: review.uuid, interaction_id: review.ext_interaction_id, added_at: now, notes: optionalText(attachment.notes) });
    }
    if (errors.length > 0) throw new UnprocessableError(errors);
    return plan;
  }

  async require(companyId: number, uuid: string): Promise<CoachingSessionRow> {
    const session = await this.repository.findSession(companyId, uuid);
    if (!session) throw new NotFoundError(`coaching session "${uuid}" does not exist`);
    return session;
  }

  /** `testOnly` (the test key): empty, as a session is about an employee, never about a test interaction. */
  async feed(scope: Scope, query: FeedQuery): Promise<SessionJson[]> {
    if (scope.testOnly) return [];
    return this.present(scope.company.id, await this.repository.feed(scope.company.id, query));
  }

  /** An employee's action items with their uuids (to complete them in a later session). */
  async listActionItems(scope: Scope, filter: ActionItemsFilter) {
    const companyId = scope.company.id;
    const employee = await this.people.resolveEmployee(companyId, { email: filter.employee_email, custom_id: filter.employee_custom_id }, 'employee');
    // Action items come from coaching sessions, which the test key never sees.
    if (scope.testOnly) return [];
    const items = await this.repository.listActionItems(companyId, employee.id, filter.status);
    const sessions = new Map((await this.repository.sessionsById(companyId, [...new Set(items.map((i) => i.session_id))])).map((s) => [s.id, s.uuid]));
    const people = await this.people.directory(companyId, items.map((i) => i.owner_id));
    return items.map((item) => ({
      uuid: item.uuid,
      session_uuid: sessions.get(item.session_id) ?? null,
      text: item.text,
      category: item.category,
      status: item.status,
      created_at: formatUtc(item.created_at),
      completed_at: formatUtc(item.completed_at),
      due_date: formatUtc(item.due_date),
      owner: people.person(item.owner_id),
      employee: personJson(employee),
    }));
  }

  private async one(companyId: number, id: number): Promise<SessionJson> {
    return (await this.present(companyId, await this.repository.sessionsById(companyId, [id])))[0];
  }

  private async present(companyId: number, rows: CoachingSessionRow[]): Promise<SessionJson[]> {
    const items = await this.repository.actionItemsOfSessions(companyId, rows.map((r) => r.id));
    const people = await this.people.directory(companyId, [...rows.flatMap((r) => [r.coach_id, r.employee_id]), ...items.map((i) => i.owner_id)]);
    return rows.map((row) => sessionJson(row, items, people));
  }
}
