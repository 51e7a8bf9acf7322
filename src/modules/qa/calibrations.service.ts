import { randomUUID } from 'node:crypto';
import type { CalibrationRow } from '../../db/schema-qa.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import type { Scope } from '../access/scope.ts';
import type { PeopleLookup } from '../employees/people-lookup.ts';
import { optionalText, optionalUrl, throwIfAny, toAnswers, toMs } from './qa-input.ts';
import { calibrationJson, type CalibrationJson } from './qa.presenters.ts';
import type { QaRepository } from './qa.repository.ts';
import type { CalibrationInput, CalibrationUpdate } from './qa.schemas.ts';
import type { ScorecardsRepository } from './scorecards.repository.ts';
import type { ScorecardsService } from './scorecards.service.ts';
import { answerErrors, computeAlignment, type ParticipantAnswers, type ReferenceAnswer, type ScorecardModel } from './scoring.ts';

type ParticipantsInput = NonNullable<CalibrationInput['participants']>;
type ReferenceInput = NonNullable<CalibrationInput['selected_options']>;

/** QA calibrations: participants grade the same interaction; alignment is measured against the reference answers. */
export class CalibrationsService {
  constructor(
    private readonly repository: QaRepository,
    private readonly scorecardRepository: ScorecardsRepository,
    private readonly scorecards: ScorecardsService,
    private readonly people: PeopleLookup,
  ) {}

  async create(companyId: number, input: CalibrationInput): Promise<CalibrationJson> {
    const scorecard = await this.scorecards.requireUsable(companyId, input.scorecard_id);
    const startedBy = await this.people.resolveActor(companyId, input.started_by, 'started_by', 'can_calibrate');
    const errors: string[] = [];
    const participants = await this.participants(companyId, scorecard, input.participants ?? [], errors);
    const reference = referenceAnswers(scorecard, input.selected_options ?? [], errors);
    const interactionUrl = optionalUrl(input.interaction_url, 'interaction_url', errors);
    if (input.complete) errors.push(...completionErrors(scorecard, participants, reference));
    throwIfAny(errors);
    const now = Date.now();
    const id = await this.repository.write(companyId, (trx) =>
      this.repository.insertCalibration(trx, companyId, {
        uuid: randomUUID(),
        scorecard_id: scorecard.id,
        started_by_id: startedBy.id,
        meeting_date: toMs(input.meeting_date),
        ext_interaction_id: optionalText(input.interaction_id),
        interaction_url: interactionUrl,
        notes: optionalText(input.notes),
        participants: JSON.stringify(participants),
        reference_answers: JSON.stringify(reference),
        alignment_score: computeAlignment(scorecard, participants, reference).overall,
        created_at: now,
        completed_at: input.complete ? now : null,
        updated_at: now,
      }),
    );
    return (await this.present(companyId, [await this.repository.calibrationById(companyId, id)]))[0];
  }

  /**
   * Participants given replace the same employees' answers; reference answers given replace
   * those of their questions. Merged under the company's write lock.
   */
  async update(companyId: number, uuid: string, input: CalibrationUpdate): Promise<CalibrationJson> {
    const found = await this.repository.findCalibration(companyId, uuid);
    if (!found) throw new NotFoundError(`QA calibration "${uuid}" does not exist`);
    const scorecard = await this.scorecards.require(companyId, found.scorecard_id);
    const errors: string[] = [];
    const given = await this.participants(companyId, scorecard, input.participants ?? [], errors);
    const givenReference = referenceAnswers(scorecard, input.selected_options ?? [], errors);
    throwIfAny(errors);
    const row = await this.repository.write(companyId, async (trx) => {
      const calibration = await this.repository.calibrationById(companyId, found.id, trx);
      const participants = new Map(parseJson<ParticipantAnswers[]>(calibration.participants, []).map((p) => [p.employee_id, p]));
      for (const participant of given) participants.set(participant.employee_id, participant);
      const reference = new Map(parseJson<ReferenceAnswer[]>(calibration.reference_answers, []).map((r) => [r.question_id, r]));
      for (const answer of givenReference) reference.set(answer.question_id, answer);
      const completing = input.complete === true || (calibration.completed_at !== null && input.complete !== false);
      if (completing) throwIfAny(completionErrors(scorecard, [...participants.values()], [...reference.values()]));
      const now = Date.now();
      await this.repository.updateCalibration(trx, companyId, calibration.id, {
        meeting_date: input.meeting_date === undefined ? calibration.meeting_date : toMs(input.meeting_date),
        notes: input.notes === undefined ? calibration.notes : optionalText(input.notes),
        participants: JSON.stringify([...participants.values()]),
        reference_answers: JSON.stringify([...reference.values()]),
        alignment_score: computeAlignment(scorecard, [...participants.values()], [...reference.values()]).overall,
        completed_at: completing ? (calibration.completed_at ?? now) : null,
        updated_at: now,
      });
      return this.repository.calibrationById(companyId, calibration.id, trx);
    });
    return (await this.present(companyId, [row]))[0];
  }

  private async participants(companyId: number, scorecard: ScorecardModel, input: ParticipantsInput, errors: string[]): Promise<ParticipantAnswers[]> {
    const result: ParticipantAnswers[] = [];
    for (const [i, participant] of input.entries()) {
      const field = `participants[${i}]`;
      const employee = await this.people.resolveActor(companyId, participant.employee, `${field}.employee`, 'can_calibrate', 'can_review');
      if (result.some((p) => p.employee_id === employee.id)) errors.push(`${field}.employee is listed more than once`);
      const answers = toAnswers(participant.answers);
      errors.push(...answerErrors(scorecard, answers, `${field}.answers`, true));
      result.push({ employee_id: employee.id, answers });
    }
    return result;
  }

  /** `testOnly` (the test key): empty, as a calibration is never tied to one of our interactions. */
  async feed(scope: Scope, query: FeedQuery): Promise<CalibrationJson[]> {
    if (scope.testOnly) return [];
    return this.present(scope.company.id, await this.repository.calibrationFeed(scope.company.id, query));
  }

  async present(companyId: number, rows: CalibrationRow[]): Promise<CalibrationJson[]> {
    const scorecards = await this.scorecardRepository.load(companyId, rows.map((r) => r.scorecard_id));
    const people = await this.people.directory(
      companyId,
      rows.flatMap((r) => [r.started_by_id, ...parseJson<ParticipantAnswers[]>(r.participants, []).map((p) => p.employee_id)]),
    );
    return rows.map((row) => calibrationJson(row, scorecards.get(row.scorecard_id)!, people));
  }
}

function referenceAnswers(scorecard: ScorecardModel, input: ReferenceInput, errors: string[]): ReferenceAnswer[] {
  const seen = new Set<number>();
  return input.flatMap((answer, i) => {
    const question = scorecard.questions.find((q) => q.id === answer.question_id);
    if (!question) {
      errors.push(`selected_options[${i}].question_id ${answer.question_id} is not a question of scorecard ${scorecard.id}`);
      return [];
    }
    if (!question.options.some((o) => o.id === answer.option_id)) {
      errors.push(`selected_options[${i}].option_id ${answer.option_id} is not an option of question ${answer.question_id}`);
      return [];
    }
    if (seen.has(answer.question_id)) errors.push(`selected_options[${i}].question_id ${answer.question_id} is given more than once`);
    seen.add(answer.question_id);
    return [{ question_id: answer.question_id, option_id: answer.option_id }];
  });
}

function completionErrors(scorecard: ScorecardModel, participants: ParticipantAnswers[], reference: ReferenceAnswer[]): string[] {
  const errors: string[] = [];
  if (participants.length === 0) errors.push('participants must not be empty to complete a calibration');
  const missing = scorecard.questions.filter((q) => !reference.some((r) => r.question_id === q.id)).map((q) => q.id);
  if (missing.length > 0) errors.push(`selected_options must give the reference option of every question to complete; missing: ${missing.join(', ')}`);
  return errors;
}
