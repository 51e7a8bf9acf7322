import type { ActionItemRow, CoachingSessionRow } from '../../db/schema-qa.ts';
import { parseJson } from '../../lib/json.ts';
import { formatUtc } from '../../feeds/timestamps.ts';
import type { PeopleDirectory, PersonJson, PersonWithLeaderJson } from '../employees/people-lookup.ts';

export interface KudosDoc {
  text: string;
  created_at: number;
}

export interface MetricAttachmentDoc {
  name: string;
  score: number | null;
  start_date: number;
  end_date: number;
  added_at: number;
  notes: string | null;
}

export interface AttachmentDoc {
  uuid: string;
  interaction_id: string | null;
  added_at: number;
  notes: string | null;
}

export interface ActionItemJson {
  text: string;
  category: string | null;
  status: string;
  created_at: string | null;
  completed_at: string | null;
  due_date: string | null;
  owner: PersonJson;
}

type AttachmentJson = { uuid: string; interaction_id: string | null; added_at: string | null; notes: string | null };

/** The data-return JSON of a 1:1 coaching session, as the seed's example. */
export interface SessionJson {
  uuid: string;
  created_at: string | null;
  shared_at: string | null;
  reshared_at: string | null;
  archived: boolean;
  sequence_id: number;
  coach: PersonJson;
  employee: PersonWithLeaderJson;
  title: string;
  private: boolean;
  created_action_items: ActionItemJson[];
  completed_action_items: ActionItemJson[];
  kudos: { text: string; created_at: string | null }[];
  metric_attachments: { name: string; score: number | null; start_date: string | null; end_date: string | null; added_at: string | null; notes: string | null }[];
  feedback_attachments: AttachmentJson[];
  qa_review_attachments: AttachmentJson[];
}

export function actionItemJson(item: ActionItemRow, people: PeopleDirectory): ActionItemJson {
  return {
    text: item.text,
    category: item.category,
    status: item.status,
    created_at: formatUtc(item.created_at),
    completed_at: formatUtc(item.completed_at),
    due_date: formatUtc(item.due_date),
    owner: people.person(item.owner_id),
  };
}

function attachmentsJson(text: string): AttachmentJson[] {
  return parseJson<AttachmentDoc[]>(text, []).map((a) => ({ uuid: a.uuid, interaction_id: a.interaction_id, added_at: formatUtc(a.added_at), notes: a.notes }));
}

export function sessionJson(row: CoachingSessionRow, items: ActionItemRow[], people: PeopleDirectory): SessionJson {
  return {
    uuid: row.uuid,
    created_at: formatUtc(row.created_at),
    shared_at: formatUtc(row.shared_at),
    reshared_at: formatUtc(row.reshared_at),
    archived: row.archived === 1,
    sequence_id: row.sequence_id,
    coach: people.person(row.coach_id),
    employee: people.withLeader(row.employee_id),
    title: row.title,
    private: row.private === 1,
    created_action_items: items.filter((i) => i.session_id === row.id).map((i) => actionItemJson(i, people)),
    completed_action_items: items.filter((i) => i.completed_in_session_id === row.id).map((i) => actionItemJson(i, people)),
    kudos: parseJson<KudosDoc[]>(row.kudos, []).map((k) => ({ text: k.text, created_at: formatUtc(k.created_at) })),
    metric_attachments: parseJson<MetricAttachmentDoc[]>(row.metric_attachments, []).map((m) => ({
      name: m.name,
      score: m.score,
      start_date: formatUtc(m.start_date),
      end_date: formatUtc(m.end_date),
      added_at: formatUtc(m.added_at),
      notes: m.notes,
    })),
    feedback_attachments: attachmentsJson(row.feedback_attachments),
    qa_review_attachments: attachmentsJson(row.qa_review_attachments),
  };
}
