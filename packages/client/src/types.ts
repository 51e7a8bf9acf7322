/** Shapes of the Agent Connect API (see GET /openapi.json on a server for every field). */

export interface EmployeeRef {
  email?: string | null;
  custom_id?: string | null;
}

export interface FeedbackRequest {
  customer: { email: string; name?: string | null; custom_id?: string | null };
  employee: EmployeeRef;
  channel: string;
  ext_interaction_id?: string | null;
  external_url?: string | null;
  tags?: string[];
  do_not_send?: boolean;
  language?: string | null;
  country?: string | null;
  brand?: string | null;
  custom_properties?: Record<string, string> | null;
}

export interface RecoveryRequest {
  initial_feedback_request_id?: string | null;
  ext_interaction_id?: string | null;
  employee?: EmployeeRef;
  external_url?: string | null;
  tags?: string[];
  do_not_send?: boolean;
  custom_properties?: Record<string, string> | null;
}

export interface Created {
  request_id: string;
}

export type BatchResult = Created | { validation_errors: string[] };

export interface SelectedOption {
  option_id: number;
  option_text: string;
  integer_value: number | null;
}

export interface Answer {
  question_id: number;
  question_text: string;
  comment: string | null;
  selected_options: Record<string, SelectedOption>;
}

/** One interaction of GET /v2/data. */
export interface Interaction {
  uuid: string;
  sequence_id: number;
  parent_uuid: string | null;
  is_recovery: boolean;
  branding: string;
  channel: string;
  ext_interaction_id: string | null;
  external_url: string | null;
  language: string;
  survey_id: number | null;
  survey_name: string | null;
  tags: string[];
  request_created_at: string;
  request_delivery_status: string;
  request_sent_at: string | null;
  requested_via: string;
  response_received_at: string | null;
  reward_eligible: boolean;
  reward_name: string | null;
  marketing: Record<string, boolean>;
  employee: { custom_id: string | null; email: string; first_name: string | null; last_name: string | null };
  team_leader: { custom_id: string | null; full_name: string | null };
  customer: { custom_id: string | null; email: string | null; full_name: string | null };
  custom_properties: Record<string, string> | null;
  answers: Record<string, Answer>;
}

/** Records of the QA and coaching feeds: seed-shaped objects ordered by sequence_id. */
export interface SequencedRecord {
  sequence_id: number;
  [field: string]: unknown;
}

export interface FeedQuery {
  /** Exclusive: only records with a higher sequence_id. */
  after?: number;
  /** Page size (default 1,000). */
  limit?: number;
  [filter: string]: string | number | boolean | string[] | undefined;
}

export interface Employee {
  email: string;
  custom_employee_id: string | null;
  first_name: string | null;
  last_name: string | null;
  team_leader_id: number | null;
  team_leader_email: string | null;
  role: string;
  [field: string]: unknown;
}

export interface EmployeePage {
  employees: Employee[];
  meta: { next_page: string | null };
}
