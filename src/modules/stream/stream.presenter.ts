import { parseJson } from '../../lib/json.ts';
import { isoTimestamp } from '../../lib/json-text.ts';
import type { Brand } from '../companies/companies.repository.ts';
import { hasComment } from '../interactions/answer-columns.ts';
import type { StreamCardView } from './stream.schemas.ts';
import type { CardRow, LinkedRow, PersonRow } from './stream.repository.ts';

export interface CardAnswer {
  interaction_id: number;
  question_key: string;
  comment: string | null;
  selected_options: string;
}

/** What cards are built from, looked up once per page. */
export interface CardLookups {
  answers: Map<number, CardAnswer[]>;
  people: Map<number, PersonRow>;
  brands: readonly Brand[];
  /** First surveys of recoveries, by their id. */
  parents: Map<number, LinkedRow>;
  /** Recoveries of first surveys, by the first survey's id. */
  recoveries: Map<number, LinkedRow>;
}

export function personView(row: PersonRow | undefined, id: number) {
  const name = [row?.first_name, row?.last_name].filter(Boolean).join(' ');
  return { id, name: name === '' ? (row?.email ?? '') : name, email: row?.email ?? '' };
}

const optionTexts = (answer: CardAnswer | undefined): string[] => {
  const options = answer ? parseJson<unknown>(answer.selected_options, []) : [];
  return Array.isArray(options) ? options.map((option: { option_text?: unknown }) => String(option?.option_text ?? '')).filter((text) => text !== '') : [];
};

function linked(row: LinkedRow | undefined) {
  return row ? { request_id: row.uuid, star_rating: row.star_rating, responded_at: row.response_received_at === null ? null : isoTimestamp(row.response_received_at) } : null;
}

function strings(text: string | null, fallback: unknown): unknown {
  return text === null ? fallback : parseJson<unknown>(text, fallback);
}

/** One response as the Stream shows it. */
export function presentCard(row: CardRow, lookups: CardLookups): StreamCardView {
  const answers = lookups.answers.get(row.id) ?? [];
  const answer = (key: string) => answers.find((a) => a.question_key === key);
  const brand = lookups.brands.find((b) => b.id === row.brand_id);
  const tags = strings(row.tags, []);
  const properties = strings(row.custom_properties, {});
  return {
    request_id: row.uuid,
    sequence_id: row.sequence_id,
    created_at: isoTimestamp(row.created_at),
    responded_at: isoTimestamp(row.response_received_at ?? row.created_at),
    is_recovery: row.is_recovery === 1,
    agent: personView(lookups.people.get(row.employee_id), row.employee_id),
    customer: { name: row.customer_name, email: row.customer_email },
    channel: row.channel,
    brand: { id: row.brand_id, name: brand?.name ?? '' },
    tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [],
    custom_properties:
      properties && typeof properties === 'object' && !Array.isArray(properties)
        ? Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]))
        : {},
    external_url: row.external_url,
    star_rating: row.star_rating,
    nps: row.nps_score,
    resolved: row.resolved === null ? null : row.resolved === 1,
    areas_of_excellence: optionTexts(answer('areas_of_excellence')),
    areas_of_improvement: optionTexts(answer('areas_of_improvement')),
    reward: row.reward_name,
    comments: answers.filter((a) => hasComment(a.comment)).map((a) => ({ question: a.question_key, text: a.comment! })),
    first_survey: row.is_recovery === 1 && row.parent_id !== null ? linked(lookups.parents.get(row.parent_id)) : null,
    recovery: row.is_recovery === 1 ? null : linked(lookups.recoveries.get(row.id)),
  };
}

/** Counts of the chosen labels, most chosen first (ties by label), at most `top`. */
export function tally(labels: readonly string[], top = 5): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const label of labels) if (label !== '') counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([label, count]) => ({ label, count }));
}

/** `value` rounded to `decimals` places. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
