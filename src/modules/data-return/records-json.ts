import { isoTimestamp, quote as q } from '../../lib/json-text.ts';
import { parseJson } from '../../lib/json.ts';
import { REWARD_QUESTIONS } from '../survey/question-catalog.ts';
import { FEEDBACK_SURVEY, fullName, MARKETING_FLAGS, RECOVERY_SURVEY, selectedOptions, type ChunkLookups } from './records.ts';
import type { FeedAnswerRow, FeedInteractionRow } from './repository.ts';

const MARKETING_JSON = JSON.stringify(Object.fromEntries(MARKETING_FLAGS.map((flag) => [flag, false])));
const NO_LEADER = JSON.stringify({ custom_id: null, full_name: null });

function time(ms: number | null): string {
  return ms === null ? 'null' : `"${isoTimestamp(ms)}"`;
}

/**
 * Stored JSON columns were written by JSON.stringify, so their text is spliced in as it is (the
 * object form parses and re-serialises it to the same text). A column that does not hold an array
 * (or an object) is written as `[]` (or null), as the object form does; it is not parsed.
 */
function storedArray(text: string): string {
  return text.startsWith('[') ? text : '[]';
}

function storedObject(text: string | null): string {
  return text !== null && text.startsWith('{') ? text : 'null';
}

function fragment(lookups: ChunkLookups, key: string, build: () => string): string {
  const cache = lookups.fragments;
  let text = cache?.get(key);
  if (text === undefined) {
    text = build();
    cache?.set(key, text);
  }
  return text;
}

/**
 * Appends `JSON.stringify(answersObject(rows))`. A feed repeats the same few selections (a
 * 5-star rating, an NPS of 9) again and again: each stored selection is parsed and written once.
 */
function writeAnswers(rows: FeedAnswerRow[] | undefined, lookups: ChunkLookups, out: string[]): void {
  out.push('{');
  rows?.forEach((row, i) => {
    const selected = fragment(lookups, `o${row.selected_options}`, () => JSON.stringify(selectedOptions(parseJson(row.selected_options, null))));
    out.push(
      i === 0 ? '' : ',', q(row.question_key), ':{"question_id":', String(row.question_id), ',"question_text":', q(row.question_text),
      ',"comment":', q(row.comment), ',"selected_options":', selected, '}',
    );
  });
  out.push('}');
}

/**
 * Appends the JSON text of `interactionV2(row, lookups)` to `out`, byte for byte, without
 * building the object: stored JSON columns are spliced in and employee objects serialised once
 * per feed.
 */
export function writeInteractionV2Json(row: FeedInteractionRow, lookups: ChunkLookups, out: string[]): void {
  const answers = lookups.answers.get(row.id);
  const survey = row.is_recovery ? RECOVERY_SURVEY : FEEDBACK_SURVEY;
  const employee = fragment(lookups, `e${row.employee_id}`, () => {
    const e = lookups.employees.get(row.employee_id);
    return JSON.stringify({ custom_id: e?.custom_id ?? null, email: e?.email ?? null, first_name: e?.first_name ?? null, last_name: e?.last_name ?? null });
  });
  const leaderId = row.team_leader_id;
  const leader = leaderId === null
    ? NO_LEADER
    : fragment(lookups, `l${leaderId}`, () => {
        const l = lookups.employees.get(leaderId);
        return JSON.stringify({ custom_id: l?.custom_id ?? null, full_name: fullName(l) });
      });
  const rewardAnswered = answers?.some((answer) => REWARD_QUESTIONS.has(answer.question_key)) ?? false;
  out.push(
    '{"uuid":', q(row.uuid), ',"sequence_id":', String(row.sequence_id), ',"parent_uuid":', q(row.parent_uuid ?? null),
    ',"is_recovery":', row.is_recovery === 1 ? 'true' : 'false', ',"branding":', q(row.brand_name ?? null), ',"channel":', q(row.channel),
    ',"ext_interaction_id":', q(row.ext_interaction_id), ',"external_url":', q(row.external_url), ',"language":', q(row.language),
    ',"survey_id":', String(survey.id), ',"survey_name":', q(survey.name), ',"tags":', storedArray(row.tags), ',"request_created_at":', time(row.created_at),
    ',"request_delivery_status":', q(row.delivery_status), ',"request_sent_at":', time(row.sent_at), ',"requested_via":', q(row.requested_via),
    ',"response_received_at":', time(row.response_received_at), ',"reward_eligible":', row.reward_name !== null || rewardAnswered ? 'true' : 'false',
    ',"reward_name":', q(row.reward_name), ',"marketing":', MARKETING_JSON, ',"employee":', employee, ',"team_leader":', leader,
    ',"customer":{"custom_id":', q(row.customer_custom_id), ',"email":', q(row.customer_email), ',"full_name":', q(row.customer_name),
    '},"custom_properties":', storedObject(row.custom_properties), ',"answers":',
  );
  writeAnswers(answers, lookups, out);
  out.push('}');
}
