import { uuidv7 } from '../../lib/uuid.ts';
import type { NewInteraction } from '../../db/schema.ts';
import { nextSequenceId } from '../../db/sequence.ts';
import { answerColumns } from '../interactions/answer-columns.ts';
import type { Company } from '../companies/companies.repository.ts';
import { defaultOptions, optionWithValue, QUESTIONS } from '../survey/question-catalog.ts';
import type { CatalogOption, QuestionIdentifier } from '../survey/questions/question-descriptor.ts';
import { COMMENTS_BAD, COMMENTS_GOOD, FIRST_NAMES, ISSUE_TYPES, LAST_NAMES, Random, TAGS } from './demo-values.ts';

const DAY = 86_400_000;

export interface TeamMember {
  id: number;
  teamLeaderId: number | null;
}

export interface DraftAnswer {
  key: QuestionIdentifier;
  options: CatalogOption[];
  comment: string | null;
}

export interface Draft {
  row: Omit<NewInteraction, 'id' | 'sequence_id' | 'parent_id'>;
  /** Index in the batch of the interaction a recovery follows. */
  parent: number | null;
  answers: DraftAnswer[];
}

/** Survey answers in the catalog's shape for one response with this star rating. */
export function demoAnswers(random: Random, stars: number): DraftAnswer[] {
  const option = (key: QuestionIdentifier, value: number) => optionWithValue(key, value)!;
  const answers: DraftAnswer[] = [
    { key: 'agent_star_rating', options: [option('agent_star_rating', stars)], comment: random.chance(0.3) ? random.pick(stars >= 4 ? COMMENTS_GOOD : COMMENTS_BAD) : null },
  ];
  if (stars >= 4) answers.push({ key: 'areas_of_excellence', options: random.some(defaultOptions('areas_of_excellence'), random.int(1, 3)), comment: null });
  else answers.push({ key: 'areas_of_improvement', options: random.some(defaultOptions('areas_of_improvement'), random.int(1, 2)), comment: null });
  if (random.chance(0.8)) answers.push({ key: 'nps', options: [option('nps', Math.min(10, Math.max(0, stars * 2 + random.int(-2, 0))))], comment: null });
  if (random.chance(0.7)) answers.push({ key: 'fcr', options: [defaultOptions('fcr')[stars >= 3 ? (random.chance(0.9) ? 0 : 1) : random.chance(0.3) ? 0 : 1]], comment: null });
  return answers;
}

export function draftInteraction(company: Company, team: TeamMember[], random: Random, createdAt: number, now: number, responseRate: number): Draft {
  const agent = random.pick(team);
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const ticket = String(random.int(100_000, 9_999_999));
  const doNotSend = random.chance(0.05);
  const pending = !doNotSend && now - createdAt < 10 * 60_000;
  const responded = !doNotSend && !pending && random.chance(responseRate);
  const respondedAt = responded ? Math.min(now - 1000, createdAt + random.int(60_000, 2 * DAY)) : null;
  const stars = [1, 2, 3, 4, 5][random.weighted([3, 3, 6, 18, 70])];
  const brand = random.pick(company.brands);
  return {
    parent: null,
    answers: responded ? demoAnswers(random, stars) : [],
    row: {
      uuid: uuidv7(createdAt),
      company_id: company.id,
      is_test: 0,
      is_recovery: 0,
      brand_id: brand.id,
      channel: random.pick(company.channels),
      employee_id: agent.id,
      team_leader_id: agent.teamLeaderId,
      customer_email: `${first}.${last}.${ticket}@example.com`.toLowerCase(),
      customer_name: `${first} ${last}`,
      customer_custom_id: random.chance(0.5) ? `cust-${random.int(1000, 999_999)}` : null,
      country: random.pick(['US', 'GB', 'CA', 'DE', 'AU']),
      language: company.languages[0] ?? 'en',
      tags: JSON.stringify(random.some(TAGS, random.int(0, 3))),
      custom_properties: random.chance(0.6) ? JSON.stringify({ issue_type: random.pick(ISSUE_TYPES), order_id: String(random.int(10_000_000, 99_999_999)) }) : null,
      ext_interaction_id: ticket,
      external_url: `https://${brand.name}.zendesk.example/agent/tickets/${ticket}`,
      do_not_send: doNotSend ? 1 : 0,
      requested_via: 'API',
      delivery_status: doNotSend ? 'Do Not Send' : pending ? 'Pending' : 'Sent',
      sent_at: doNotSend || pending ? null : createdAt + random.int(1000, 10_000),
      response_received_at: respondedAt,
      reward_name: null,
      created_at: createdAt,
      updated_at: respondedAt ?? createdAt,
    },
  };
}

/** A service recovery following a poorly rated interaction of the same batch. */
export function draftRecovery(parent: Draft, parentIndex: number, random: Random, now: number): Draft {
  const createdAt = Math.min(now - 1000, (parent.row.response_received_at ?? parent.row.created_at) + random.int(60_000, 3_600_000));
  const responded = random.chance(0.4);
  const respondedAt = responded ? Math.min(now - 500, createdAt + random.int(60_000, DAY)) : null;
  return {
    parent: parentIndex,
    answers: responded ? demoAnswers(random, random.int(2, 5)).slice(0, 1) : [],
    row: { ...parent.row, uuid: uuidv7(createdAt), is_recovery: 1, sent_at: createdAt + 2000, response_received_at: respondedAt, created_at: createdAt, updated_at: respondedAt ?? createdAt },
  };
}


/** The rows of a batch once ids are reserved: sequence ids by the live rule, answers in catalog shape. */
export function batchRows(companyId: number, drafts: Draft[], ids: number[], lastSequence: number, now: number) {
  let last = lastSequence;
  const interactions: NewInteraction[] = drafts.map((draft, i) => {
    last = nextSequenceId(last, Math.min(draft.row.updated_at, now), ids[i]);
    return { ...draft.row, id: ids[i], sequence_id: last, parent_id: draft.parent === null ? null : ids[draft.parent] };
  });
  for (const [i, draft] of drafts.entries()) Object.assign(interactions[i], answerColumns(draft.answers.map((answer) => ({ question_key: answer.key, comment: answer.comment, selected_options: answer.options }))));
  const answers = drafts.flatMap((draft, i) =>
    draft.answers.map((answer) => ({
      company_id: companyId,
      interaction_id: ids[i],
      question_key: answer.key,
      question_id: QUESTIONS[answer.key].question_id,
      question_text: QUESTIONS[answer.key].question_text,
      comment: answer.comment,
      selected_options: JSON.stringify(answer.options),
      created_at: draft.row.response_received_at!,
      updated_at: draft.row.response_received_at!,
    })),
  );
  return { interactions, answers, lastSequence: last };
}
