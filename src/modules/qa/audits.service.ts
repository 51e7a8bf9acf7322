import { randomUUID } from 'node:crypto';
import type { AuditRow } from '../../db/schema-qa.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import type { Scope } from '../access/scope.ts';
import type { PeopleLookup } from '../employees/people-lookup.ts';
import { revisedAnswers, scoredAnswers } from './answer-revision.ts';
import { throwIfAny, toAnswers } from './qa-input.ts';
import { auditJson, type AuditJson } from './qa.presenters.ts';
import type { QaRepository } from './qa.repository.ts';
import type { AuditInput, AuditUpdate } from './qa.schemas.ts';
import type { ReviewsService } from './reviews.service.ts';
import type { ScorecardsRepository } from './scorecards.repository.ts';
import type { ScorecardsService } from './scorecards.service.ts';
import { answerErrors } from './scoring.ts';

/** QA audits: an auditor re-grades a completed review; the feed embeds the review. */
export class AuditsService {
  constructor(
    private readonly repository: QaRepository,
    private readonly scorecardRepository: ScorecardsRepository,
    private readonly scorecards: ScorecardsService,
    private readonly reviews: ReviewsService,
    private readonly people: PeopleLookup,
  ) {}

  async create(companyId: number, input: AuditInput): Promise<AuditJson> {
    const review = await this.reviews.require(companyId, input.qa_review_id.trim());
    if (review.completed_at === null) throw new UnprocessableError(['qa_review_id names a review that is not completed yet']);
    const auditor = await this.people.resolveActor(companyId, input.auditor, 'auditor', 'can_audit');
    if (auditor.id === review.reviewer_id) throw new UnprocessableError(['auditor must not be the reviewer of the audited review']);
    const scorecard = input.scorecard_id === undefined ? await this.scorecards.require(companyId, review.scorecard_id) : await this.scorecards.requireUsable(companyId, input.scorecard_id);
    const answers = toAnswers(input.answers);
    throwIfAny(answerErrors(scorecard, answers, 'answers', input.complete === true));
    const groups = await this.people.groupNames(companyId, review.reviewer_id);
    const now = Date.now();
    const id = await this.repository.write(companyId, (trx) =>
      this.repository.insertAudit(trx, companyId, {
        uuid: randomUUID(),
        review_id: review.id,
        scorecard_id: scorecard.id,
        auditor_id: auditor.id,
        audit_type: input.audit_type ?? 'Audit',
        count_toward_score: input.count_toward_score === false ? 0 : 1,
        ...scoredAnswers(scorecard, answers),
        groups: JSON.stringify(groups),
        created_at: now,
        completed_at: input.complete ? now : null,
        updated_at: now,
      }),
    );
    return (await this.present(companyId, [await this.repository.auditById(companyId, id)]))[0];
  }

  /** Edits answers (re-read under the company's write lock, so concurrent edits are not lost). */
  async update(companyId: number, uuid: string, input: AuditUpdate): Promise<AuditJson> {
    const found = await this.repository.findAudit(companyId, uuid);
    if (!found) throw new NotFoundError(`QA audit "${uuid}" does not exist`);
    const scorecard = await this.scorecards.require(companyId, found.scorecard_id);
    const given = toAnswers(input.answers);
    throwIfAny(answerErrors(scorecard, given, 'answers', false));
    const row = await this.repository.write(companyId, async (trx) => {
      const audit = await this.repository.auditById(companyId, found.id, trx);
      await this.repository.updateAudit(trx, companyId, audit.id, {
        count_toward_score: input.count_toward_score === undefined ? audit.count_toward_score : input.count_toward_score ? 1 : 0,
        ...revisedAnswers(scorecard, audit, given, input.complete, Date.now()),
      });
      return this.repository.auditById(companyId, audit.id, trx);
    });
    return (await this.present(companyId, [row]))[0];
  }

  /** `testOnly` (the test key): only audits of reviews of test interactions. */
  async feed(scope: Scope, query: FeedQuery): Promise<AuditJson[]> {
    return this.present(scope.company.id, await this.repository.auditFeed(scope.company.id, query, scope.testOnly));
  }

  async present(companyId: number, rows: AuditRow[]): Promise<AuditJson[]> {
    const reviews = new Map((await this.repository.reviewsById(companyId, rows.map((r) => r.review_id))).map((r) => [r.id, r]));
    const scorecards = await this.scorecardRepository.load(companyId, [...rows.map((r) => r.scorecard_id), ...[...reviews.values()].map((r) => r.scorecard_id)]);
    const people = await this.people.directory(companyId, [
      ...rows.map((r) => r.auditor_id),
      ...[...reviews.values()].flatMap((r) => [r.employee_id, r.reviewer_id]),
    ]);
    return rows.map((row) => auditJson(row, reviews.get(row.review_id)!, scorecards, people));
  }
}
