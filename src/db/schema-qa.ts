import type { Generated, Selectable } from 'kysely';

/**
 * Tables of QA (scorecards, reviews, audits, calibrations), 1:1 coaching and external
 * metrics; merged into `Database` in schema.ts. Same conventions: epoch-ms timestamps,
 * 0/1 booleans, JSON as text. Answers, participants and session items are JSON
 * documents of their owning row: they are always read and written with it.
 */
export interface QaDatabase {
  qa_scorecards: QaScorecardsTable;
  qa_sections: QaSectionsTable;
  qa_questions: QaQuestionsTable;
  qa_options: QaOptionsTable;
  qa_reviews: QaReviewsTable;
  qa_audits: QaAuditsTable;
  qa_calibrations: QaCalibrationsTable;
  coaching_sessions: CoachingSessionsTable;
  coaching_action_items: CoachingActionItemsTable;
  metric_integrations: MetricIntegrationsTable;
  metric_records: MetricRecordsTable;
}

export interface QaScorecardsTable {
  id: Generated<number>;
  company_id: number;
  name: string;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface QaSectionsTable {
  id: Generated<number>;
  company_id: number;
  scorecard_id: number;
  name: string;
  /** Relative weight; null on scorecards whose sections are not weighted. */
  weight: number | null;
  position: number;
}

export interface QaQuestionsTable {
  id: Generated<number>;
  company_id: number;
  scorecard_id: number;
  section_id: number | null;
  text: string;
  position: number;
}

export interface QaOptionsTable {
  id: Generated<number>;
  company_id: number;
  question_id: number;
  text: string;
  points: number;
  /** Choosing it leaves the question out of the score. */
  is_na: number;
  /** Choosing it fails the whole review (score 0). */
  is_autofail: number;
  position: number;
}

export interface QaReviewsTable {
  id: Generated<number>;
  uuid: string;
  company_id: number;
  sequence_id: number;
  scorecard_id: number;
  employee_id: number;
  reviewer_id: number;
  ext_interaction_id: string | null;
  interaction_url: string | null;
  solicitation_uuid: string | null;
  count_toward_score: number;
  /** Percentage 0..100, null while nothing is scorable. */
  score: number | null;
  autofailed: number;
  /** JSON array of AnswerDoc. */
  answers: string;
  /** JSON array of the employee's group names when the review was created. */
  groups: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  updated_at: number;
}

export interface QaAuditsTable {
  id: Generated<number>;
  uuid: string;
  company_id: number;
  sequence_id: number;
  review_id: number;
  scorecard_id: number;
  auditor_id: number;
  /** Audit | Calibration Audit */
  audit_type: string;
  count_toward_score: number;
  score: number | null;
  autofailed: number;
  answers: string;
  /** JSON array of the reviewer's group names when the audit was created. */
  groups: string;
  created_at: number;
  completed_at: number | null;
  updated_at: number;
}

export interface QaCalibrationsTable {
  id: Generated<number>;
  uuid: string;
  company_id: number;
  sequence_id: number;
  scorecard_id: number;
  started_by_id: number;
  meeting_date: number | null;
  ext_interaction_id: string | null;
  interaction_url: string | null;
  notes: string | null;
  /** JSON array of {employee_id, answers: AnswerDoc[]}. */
  participants: string;
  /** JSON array of {question_id, option_id}: the reference answer per question. */
  reference_answers: string;
  alignment_score: number | null;
  created_at: number;
  completed_at: number | null;
  updated_at: number;
}

export interface CoachingSessionsTable {
  id: Generated<number>;
  uuid: string;
  company_id: number;
  sequence_id: number;
  coach_id: number;
  employee_id: number;
  title: string;
  private: number;
  archived: number;
  shared_at: number | null;
  reshared_at: number | null;
  /** JSON array of {text, created_at}. */
  kudos: string;
  /** JSON array of {name, score, start_date, end_date, added_at, notes}. */
  metric_attachments: string;
  /** JSON array of {uuid, interaction_id, added_at, notes}. */
  feedback_attachments: string;
  /** JSON array of {uuid, interaction_id, added_at, notes} (the review as attached). */
  qa_review_attachments: string;
  created_at: number;
  updated_at: number;
}

/** An action item is created in one session and may be completed during a later one (of the same employee). */
export interface CoachingActionItemsTable {
  id: Generated<number>;
  uuid: string;
  company_id: number;
  session_id: number;
  completed_in_session_id: number | null;
  /** The coachee of the session it was created in. */
  employee_id: number;
  owner_id: number;
  text: string;
  category: string | null;
  /** open | completed */
  status: string;
  due_date: number | null;
  created_at: number;
  completed_at: number | null;
}

export interface MetricIntegrationsTable {
  id: Generated<number>;
  company_id: number;
  /** The id clients put in /v2/integrations/:id/records; unique per company. */
  public_id: string;
  name: string;
  /** JSON array of record field names that carry numeric metrics. */
  metric_fields: string;
  /** Record field naming the employee. */
  employee_field: string;
  /** email | custom_id */
  employee_id_type: string;
  /** Record field holding the YYYY-MM-DD date. */
  date_field: string;
  created_at: number;
  updated_at: number;
}

export interface MetricRecordsTable {
  id: Generated<number>;
  company_id: number;
  sequence_id: number;
  integration_id: number;
  employee_id: number;
  /** YYYY-MM-DD */
  record_date: string;
  /** JSON object of metric field → number. */
  metrics: string;
  created_at: number;
  updated_at: number;
}

export type ScorecardRow = Selectable<QaScorecardsTable>;
export type SectionRow = Selectable<QaSectionsTable>;
export type QuestionRow = Selectable<QaQuestionsTable>;
export type OptionRow = Selectable<QaOptionsTable>;
export type ReviewRow = Selectable<QaReviewsTable>;
export type AuditRow = Selectable<QaAuditsTable>;
export type CalibrationRow = Selectable<QaCalibrationsTable>;
export type CoachingSessionRow = Selectable<CoachingSessionsTable>;
export type ActionItemRow = Selectable<CoachingActionItemsTable>;
export type IntegrationRow = Selectable<MetricIntegrationsTable>;
export type MetricRecordRow = Selectable<MetricRecordsTable>;
