import type { AuditRow, CalibrationRow, ReviewRow } from '../../db/schema-qa.ts';
import { parseJson } from '../../lib/json.ts';
import { formatUtc } from '../../feeds/timestamps.ts';
import type { PeopleDirectory, PersonJson, PersonWithLeaderJson } from '../employees/people-lookup.ts';
import { computeAlignment, roundPercent, type AnswerDoc, type ParticipantAnswers, type ReferenceAnswer, type ScorecardModel } from './scoring.ts';

/** Data-return JSON of reviews, audits and calibrations, exactly as the seed's examples. */

export interface ScorecardJson {
  name: string;
  archived_at: string | null;
}

export interface QuestionJson {
  question_text: string;
  section: string | null;
  section_weight: number | null;
  comment: string | null;
  selected_options: Record<string, { option_text: string; score: number }>;
}

export interface ReviewJson {
  uuid: string;
  interaction_id: string | null;
  interaction_url: string | null;
  completed_at: string | null;
  created_at: string | null;
  started_at: string | null;
  count_toward_score: boolean;
  score: string | null;
  autofailed: boolean;
  solicitation_id: string | null;
  sequence_id: number;
  scorecard: ScorecardJson;
  employee: PersonWithLeaderJson;
  groups: string[];
  reviewer: PersonJson;
  questions: Record<string, QuestionJson>;
}

export interface AuditJson {
  uuid: string;
  audit_type: string;
  interaction_id: string | null;
  interaction_url: string | null;
  completed_at: string;
  count_toward_score: boolean;
  score: number | null;
  autofailed: boolean;
  sequence_id: number;
  scorecard: ScorecardJson;
  reviewer: PersonWithLeaderJson;
  groups: string[];
  auditor: PersonJson;
  questions: Record<string, QuestionJson>;
  qa_review: ReviewJson;
}

export interface CalibrationQuestionJson {
  question_text: string;
  section: string | null;
  section_weight: number | null;
  question_alignment_score: number | null;
  selected_option: { qa_option_id: string; option_text: string; score: number | null };
  options: Record<string, { option_text: string; score: number; participants: { employee: PersonJson; comment: string | null }[] }>;
}

export interface CalibrationJson {
  uuid: string;
  alignment_score: number | null;
  sequence_id: number;
  started_by: PersonJson;
  meeting_date: string | null;
  interaction_id: string | null;
  interaction_url: string | null;
  participants: PersonJson[];
  notes: string | null;
  scorecard: ScorecardJson;
  completed_at: string | null;
  created_at: string | null;
  questions: Record<string, CalibrationQuestionJson>;
}

export function scorecardJson(scorecard: ScorecardModel): ScorecardJson {
  return { name: scorecard.name, archived_at: formatUtc(scorecard.archived_at) };
}

function section(scorecard: ScorecardModel, sectionId: number | null) {
  const found = scorecard.sections.find((s) => s.id === sectionId);
  return { section: found?.name ?? null, section_weight: found?.weight ?? null };
}

/** Every question of the scorecard, keyed by id, with the chosen option (none when unanswered). */
export function questionsJson(scorecard: ScorecardModel, answers: AnswerDoc[]): Record<string, QuestionJson> {
  const result: Record<string, QuestionJson> = {};
  for (const question of scorecard.questions) {
    const answer = answers.find((a) => a.question_id === question.id);
    const option = question.options.find((o) => o.id === answer?.option_id);
    result[String(question.id)] = {
      question_text: question.text,
      ...section(scorecard, question.section_id),
      comment: answer?.comment ?? null,
      selected_options: option ? { [String(option.id)]: { option_text: option.text, score: option.points } } : {},
    };
  }
  return result;
}

export function reviewJson(row: ReviewRow, scorecard: ScorecardModel, people: PeopleDirectory): ReviewJson {
  return {
    uuid: row.uuid,
    interaction_id: row.ext_interaction_id,
    interaction_url: row.interaction_url,
    completed_at: formatUtc(row.completed_at),
    created_at: formatUtc(row.created_at),
    started_at: formatUtc(row.started_at),
    count_toward_score: row.count_toward_score === 1,
    score: row.score === null ? null : `${roundPercent(row.score)}%`,
    autofailed: row.autofailed === 1,
    solicitation_id: row.solicitation_uuid,
    sequence_id: row.sequence_id,
    scorecard: scorecardJson(scorecard),
    employee: people.withLeader(row.employee_id),
    groups: parseJson<string[]>(row.groups, []),
    reviewer: people.person(row.reviewer_id),
    questions: questionsJson(scorecard, parseJson<AnswerDoc[]>(row.answers, [])),
  };
}

export function auditJson(row: AuditRow, review: ReviewRow, scorecards: Map<number, ScorecardModel>, people: PeopleDirectory): AuditJson {
  const scorecard = scorecards.get(row.scorecard_id)!;
  return {
    uuid: row.uuid,
    audit_type: row.audit_type,
    interaction_id: review.ext_interaction_id,
    interaction_url: review.interaction_url,
    completed_at: formatUtc(row.completed_at) ?? '',
    count_toward_score: row.count_toward_score === 1,
    score: roundPercent(row.score),
    autofailed: row.autofailed === 1,
    sequence_id: row.sequence_id,
    scorecard: scorecardJson(scorecard),
    reviewer: people.withLeader(review.reviewer_id),
    groups: parseJson<string[]>(row.groups, []),
    auditor: people.person(row.auditor_id),
    questions: questionsJson(scorecard, parseJson<AnswerDoc[]>(row.answers, [])),
    qa_review: reviewJson(review, scorecards.get(review.scorecard_id)!, people),
  };
}

export function calibrationJson(row: CalibrationRow, scorecard: ScorecardModel, people: PeopleDirectory): CalibrationJson {
  const participants = parseJson<ParticipantAnswers[]>(row.participants, []);
  const reference = parseJson<ReferenceAnswer[]>(row.reference_answers, []);
  const alignment = computeAlignment(scorecard, participants, reference);
  const questions: Record<string, CalibrationQuestionJson> = {};
  for (const question of scorecard.questions) {
    const referenceOption = question.options.find((o) => o.id === reference.find((r) => r.question_id === question.id)?.option_id);
    const options: CalibrationQuestionJson['options'] = {};
    for (const option of question.options) {
      options[String(option.id)] = {
        option_text: option.text,
        score: option.points,
        participants: participants.flatMap((p) => {
          const answer = p.answers.find((a) => a.question_id === question.id && a.option_id === option.id);
          return answer ? [{ employee: people.person(p.employee_id), comment: answer.comment ?? null }] : [];
        }),
      };
    }
    questions[String(question.id)] = {
      question_text: question.text,
      ...section(scorecard, question.section_id),
      question_alignment_score: roundPercent(alignment.questions.get(question.id) ?? null),
      selected_option: referenceOption
        ? { qa_option_id: String(referenceOption.id), option_text: referenceOption.text, score: referenceOption.points }
        : { qa_option_id: '', option_text: '', score: null },
      options,
    };
  }
  return {
    uuid: row.uuid,
    alignment_score: roundPercent(row.alignment_score),
    sequence_id: row.sequence_id,
    started_by: people.person(row.started_by_id),
    meeting_date: formatUtc(row.meeting_date),
    interaction_id: row.ext_interaction_id,
    interaction_url: row.interaction_url,
    participants: participants.map((p) => people.person(p.employee_id)),
    notes: row.notes,
    scorecard: scorecardJson(scorecard),
    completed_at: formatUtc(row.completed_at),
    created_at: formatUtc(row.created_at),
    questions,
  };
}
