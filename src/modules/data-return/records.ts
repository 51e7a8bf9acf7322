import { parseJson } from '../../lib/json.ts';
import { isoTimestamp } from '../../lib/json-text.ts';
import { QUESTION_LIST, REWARD_QUESTIONS } from '../survey/question-catalog.ts';
import { V1_RESPONSE_COLUMNS, type V1ResponseColumn } from '../survey/questions/question-descriptor.ts';
import type { FeedAnswerRow, FeedEmployeeRow, FeedInteractionRow } from './repository.ts';

/** The survey templates data return reports (one fixed survey per kind). */
export const FEEDBACK_SURVEY = { id: 1, name: 'Feedback' } as const;
export const RECOVERY_SURVEY = { id: 2, name: 'Service Recovery' } as const;

export const MARKETING_FLAGS = [
  'custom_link_eligible', 'custom_link_initiated', 'facebook_follow_eligible', 'facebook_follow_initiated',
  'facebook_share_eligible', 'facebook_share_initiated', 'twitter_follow_eligible', 'twitter_follow_initiated',
  'twitter_share_eligible', 'twitter_share_initiated',
] as const;

interface SelectedOption {
  option_id: number;
  option_text: string;
  integer_value: number | null;
}

export interface AnswerRecord {
  question_id: number;
  question_text: string;
  comment: string | null;
  selected_options: Record<string, SelectedOption>;
}

/** Employees and answers looked up once per chunk of interactions. */
export interface ChunkLookups {
  employees: Map<number, FeedEmployeeRow>;
  answers: Map<number, FeedAnswerRow[]>;
  /** JSON of `employee` / `team_leader` objects by employee id, reused across a feed's chunks. */
  fragments?: Map<string, string>;
}

/** Epoch ms as `2020-01-03T17:00:01.000Z`, or null. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : isoTimestamp(ms);
}

export function fullName(employee: FeedEmployeeRow | undefined): string | null {
  const name = [employee?.first_name, employee?.last_name].filter(Boolean).join(' ');
  return name === '' ? null : name;
}

function stringArray(text: string): string[] {
  const value = parseJson<unknown>(text, null);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** `selected_options` of a v2 answer: the stored (parsed) options keyed by option id. */
export function selectedOptions(stored: unknown): Record<string, SelectedOption> {
  const selected: Record<string, SelectedOption> = {};
  for (const option of Array.isArray(stored) ? (stored as SelectedOption[]) : []) {
    selected[String(option.option_id)] = { option_id: option.option_id, option_text: option.option_text, integer_value: option.integer_value ?? null };
  }
  return selected;
}

/** `answers` of a v2 record: keyed by question identifier, options keyed by option id. */
export function answersObject(rows: FeedAnswerRow[] | undefined): Record<string, AnswerRecord> {
  const result: Record<string, AnswerRecord> = {};
  for (const row of rows ?? []) {
    const selected = selectedOptions(parseJson<unknown>(row.selected_options, null));
    result[row.question_key] = { question_id: row.question_id, question_text: row.question_text, comment: row.comment, selected_options: selected };
  }
  return result;
}

/** One interaction as GET /v2/data returns it. */
export function interactionV2(row: FeedInteractionRow, lookups: ChunkLookups) {
  const employee = lookups.employees.get(row.employee_id);
  const leader = row.team_leader_id === null ? undefined : lookups.employees.get(row.team_leader_id);
  const answers = answersObject(lookups.answers.get(row.id));
  const survey = row.is_recovery ? RECOVERY_SURVEY : FEEDBACK_SURVEY;
  return {
    uuid: row.uuid,
    sequence_id: row.sequence_id,
    parent_uuid: row.parent_uuid ?? null,
    is_recovery: row.is_recovery === 1,
    branding: row.brand_name ?? null,
    channel: row.channel,
    ext_interaction_id: row.ext_interaction_id,
    external_url: row.external_url,
    language: row.language,
    survey_id: survey.id,
    survey_name: survey.name,
    tags: stringArray(row.tags),
    request_created_at: isoTime(row.created_at),
    request_delivery_status: row.delivery_status,
    request_sent_at: isoTime(row.sent_at),
    requested_via: row.requested_via,
    response_received_at: isoTime(row.response_received_at),
    reward_eligible: row.reward_name !== null || Object.keys(answers).some((key) => REWARD_QUESTIONS.has(key)),
    reward_name: row.reward_name,
    marketing: Object.fromEntries(MARKETING_FLAGS.map((flag) => [flag, false])),
    employee: {
      custom_id: employee?.custom_id ?? null,
      email: employee?.email ?? null,
      first_name: employee?.first_name ?? null,
      last_name: employee?.last_name ?? null,
    },
    team_leader: { custom_id: leader?.custom_id ?? null, full_name: fullName(leader) },
    customer: { custom_id: row.customer_custom_id, email: row.customer_email, full_name: row.customer_name },
    custom_properties: row.custom_properties === null ? null : parseJson<unknown>(row.custom_properties, null),
    answers,
  };
}

/** One interaction as GET /v1/data/requests returns it. */
export function requestV1(row: FeedInteractionRow, lookups: ChunkLookups) {
  const employee = lookups.employees.get(row.employee_id);
  return {
    request_id: row.uuid,
    sequence_id: row.sequence_id,
    ext_interaction_id: row.ext_interaction_id,
    external_url: row.external_url,
    channel: row.channel,
    brand: row.brand_name ?? null,
    employee: { email: employee?.email ?? null, custom_id: employee?.custom_id ?? null },
    customer: { email: row.customer_email, name: row.customer_name, custom_id: row.customer_custom_id },
    tags: stringArray(row.tags),
    created_at: isoTime(row.created_at),
    sent_at: isoTime(row.sent_at),
    delivery_status: row.delivery_status,
  };
}

/** Each answer column of a v1 response, in wire order, with the question filling it and how. */
const V1_COLUMNS = V1_RESPONSE_COLUMNS.map((column) => {
  const question = QUESTION_LIST.find((q) => q.v1Columns[column])!;
  return { column, identifier: question.identifier, read: question.v1Columns[column]! };
});

function v1AnswerColumns(answers: Record<string, AnswerRecord>): Record<V1ResponseColumn, unknown> {
  const columns = {} as Record<V1ResponseColumn, unknown>;
  for (const { column, identifier, read } of V1_COLUMNS) columns[column] = read(answers[identifier]);
  return columns;
}

/** One survey response as GET /v1/data/responses returns it. */
export function responseV1(row: FeedInteractionRow, lookups: ChunkLookups) {
  const employee = lookups.employees.get(row.employee_id);
  return {
    request_id: row.uuid,
    sequence_id: row.sequence_id,
    ext_interaction_id: row.ext_interaction_id,
    employee: { email: employee?.email ?? null, custom_id: employee?.custom_id ?? null },
    customer: { email: row.customer_email },
    ...v1AnswerColumns(answersObject(lookups.answers.get(row.id))),
    responded_at: isoTime(row.response_received_at),
  };
}
