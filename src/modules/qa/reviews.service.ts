import { randomUUID } from 'node:crypto';
import type { ReviewRow } from '../../db/schema-qa.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import type { Scope } from '../access/scope.ts';
import type { PeopleLookup } from '../employees/people-lookup.ts';
import type { InteractionsRepository } from '../interactions/interactions.repository.ts';
import { withReviewRollups } from '../reports/rollup-writer.ts';
import { revisedAnswers, scoredAnswers } from './answer-revision.ts';
import { findSolicitation, optionalText, optionalUrl, throwIfAny, toAnswers, toMs } from './qa-input.ts';
import { reviewJson, type ReviewJson } from './qa.presenters.ts';
import type { QaRepository } from './qa.repository.ts';
import type { ReviewInput, ReviewUpdate } from './qa.schemas.ts';
import type { ScorecardsRepository } from './scorecards.repository.ts';
import type { ScorecardsService } from './scorecards.service.ts';
import { answerErrors } from './scoring.ts';

/** QA reviews: create, edit (each change re-stamps the review and its audits), and the data-return feed. */
export class ReviewsService {
  constructor(
    private readonly repository: QaRepository,
    private readonly scorecardRepository: ScorecardsRepository,
    private readonly scorecards: ScorecardsService,
    private readonly people: PeopleLookup,
    private readonly interactions: InteractionsRepository,
  ) {}

  async create(companyId: number, input: ReviewInput): Promise<ReviewJson> {
    const scorecard = await this.scorecards.requireUsable(companyId, input.scorecard_id);
    const employee = await this.people.resolveEmployee(companyId, input.employee, 'employee');
    const reviewer = await this.people.resolveActor(companyId, input.reviewer, 'reviewer', 'can_review');
    const errors: string[] = [];
    let interactionId = optionalText(input.interaction_id);
    let interactionUrl = optionalUrl(input.interaction_url, 'interaction_url', errors);
    let solicitation: string | null = null;
    if (optionalText(input.solicitation_id)) {
      const interaction = await findSolicitation(this.interactions, companyId, input.solicitation_id!.trim(), 'solicitation_id');
      if (interaction.employee_id !== employee.id) errors.push('solicitation_id is a feedback request of another employee');
      solicitation = interaction.uuid;
      interactionId ??= interaction.ext_interaction_id;
      interactionUrl ??= interaction.external_url;
    }
    const answers = toAnswers(input.answers);
    errors.push(...answerErrors(scorecard, answers, 'answers', input.complete === true));
    throwIfAny(errors);
    const groups = await this.people.groupNames(companyId, employee.id);
    const now = Date.now();
    // The rollups gain the review if it is completed (after the company lock write() takes first).
    const id = await this.repository.write(companyId, (trx) => withReviewRollups(trx, companyId, [], () =>
      this.repository.insertReview(trx, companyId, {
        uuid: randomUUID(),
        scorecard_id: scorecard.id,
        employee_id: employee.id,
        reviewer_id: reviewer.id,
        ext_interaction_id: interactionId,
        interaction_url: interactionUrl,
        solicitation_uuid: solicitation,
        count_toward_score: input.count_toward_score === false ? 0 : 1,
        ...scoredAnswers(scorecard, answers),
        groups: JSON.stringify(groups),
        created_at: now,
        started_at: toMs(input.started_at) ?? now,
        completed_at: input.complete ? now : null,
        updated_at: now,
      }), (created) => [created]),
    );
    return this.present(companyId, [await this.repository.reviewById(companyId, id)]).then((r) => r[0]);
  }

  /**
   * Edits answers or details; answers given replace those of the same questions. The review
   * is re-read under the company's write lock, so concurrent edits never lose one another.
   */
  async update(companyId: number, uuid: string, input: ReviewUpdate): Promise<ReviewJson> {
    const found = await this.require(companyId, uuid);
    const scorecard = await this.scorecards.require(companyId, found.scorecard_id);
    const given = toAnswers(input.answers);
    const errors = answerErrors(scorecard, given, 'answers', false);
    const url = input.interaction_url === undefined ? undefined : optionalUrl(input.interaction_url, 'interaction_url', errors);
    throwIfAny(errors);
    const row = await this.repository.write(companyId, async (trx) => {
      const review = await this.repository.reviewById(companyId, found.id, trx);
      // Completion, score and count_toward_score change the figures: the rollups follow.
      await withReviewRollups(trx, companyId, [review.id], () =>
        this.repository.updateReview(trx, companyId, review.id, {
          ext_interaction_id: input.interaction_id === undefined ? review.ext_interaction_id : optionalText(input.interaction_id),
          interaction_url: url === undefined ? review.interaction_url : url,
          count_toward_score: input.count_toward_score === undefined ? review.count_toward_score : input.count_toward_score ? 1 : 0,
          ...revisedAnswers(scorecard, review, given, input.complete, Date.now()),
        }),
      );
      await this.repository.restampAuditsOfReview(trx, companyId, review.id);
      return this.repository.reviewById(companyId, review.id, trx);
    });
    return (await this.present(companyId, [row]))[0];
  }

  async require(companyId: number, uuid: string): Promise<ReviewRow> {
    const review = await this.repository.findReview(companyId, uuid);
    if (!review) throw new NotFoundError(`QA review "${uuid}" does not exist`);
    return review;
  }

  /** `testOnly` (the test key): only reviews of test interactions. */
  async feed(scope: Scope, query: FeedQuery): Promise<ReviewJson[]> {
    return this.present(scope.company.id, await this.repository.reviewFeed(scope.company.id, query, scope.testOnly));
  }

  async get(companyId: number, uuid: string): Promise<ReviewJson> {
    return (await this.present(companyId, [await this.require(companyId, uuid)]))[0];
  }

  /** Data-return JSON of reviews, loading their scorecards and people once per page. */
  async present(companyId: number, rows: ReviewRow[]): Promise<ReviewJson[]> {
    const scorecards = await this.scorecardRepository.load(companyId, rows.map((r) => r.scorecard_id));
    const people = await this.people.directory(companyId, rows.flatMap((r) => [r.employee_id, r.reviewer_id]));
    return rows.map((row) => reviewJson(row, scorecards.get(row.scorecard_id)!, people));
  }
}
