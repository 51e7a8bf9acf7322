import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { Database, NewInteraction } from '../../db/schema.ts';
import { reserveIds } from '../../db/sequence.ts';
import { isPostgres as isPostgresLike } from '../../db/dialect.ts';
import type { Company } from '../companies/companies.repository.ts';
import { DEFAULT_EXCELLENCE_OPTIONS, DEFAULT_IMPROVEMENT_OPTIONS, QUESTIONS, type CatalogOption, type QuestionIdentifier } from '../survey/question-catalog.ts';
import { COMMENTS_BAD, COMMENTS_GOOD, FIRST_NAMES, ISSUE_TYPES, LAST_NAMES, Random, TAGS } from './demo-values.ts';

export interface TeamMember {
  id: number;
  teamLeaderId: number | null;
}

export interface SeedDemoOptions {
  interactions: number;
  /** Random seed; the same seed writes the same data. */
  seed?: number;
  /** Share of interactions with a survey response (default 0.35). */
  responseRate?: number;
  /** Interactions per transaction (default 20,000). */
  batchSize?: number;
}

export interface SeedDemoResult {
  company: string;
  employees: number;
  interactions: number;
  recoveries: number;
  answers: number;
  last_sequence_id: number;
  seconds: number;
}

const DAY = 86_400_000;
/** Rows per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const INTERACTION_ROWS_PER_INSERT = 1000;
const ANSWER_ROWS_PER_INSERT = 3000;

/** Writes realistic demo data for a company: a team, then interactions with answers and recoveries. */
export async function seedDemo(db: Kysely<Database>, company: Company, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = Date.now();
  const random = new Random(options.seed ?? 42);
  const team = await seedTeam(db, company, random);
  const written = await seedInteractions(db, company, team, options, random);
  return { company: company.subdomain, employees: team.length, ...written, seconds: (Date.now() - started) / 1000 };
}

/**
 * The company's active agents; when it has fewer than three, creates a demo team first
 * (four team leaders and twenty-four agents, with deterministic emails).
 */
export async function seedTeam(db: Kysely<Database>, company: Company, random: Random): Promise<TeamMember[]> {
  const existing = await activeTeam(db, company.id);
  if (existing.length >= 3) return existing;
  const now = Date.now();
  const person = (i: number, role: string, leaderId: number | null, manages: boolean) => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const email = `${role === 'Team Leader' ? 'lead' : 'agent'}${i}.demo@${company.subdomain}.example`;
    return {
      company_id: company.id, email, email_key: email.toLowerCase(), custom_id: `demo-${role === 'Team Leader' ? 'L' : 'A'}${i}`,
      first_name: first, last_name: last, status: 'active', role, manage_team: manages ? 1 : 0, team_leader_id: leaderId,
      image: null, profile_text: null, created_at: now, updated_at: now,
    };
  };
  const leaders = await db.insertInto('employees').values([1, 2, 3, 4].map((i) => person(i, 'Team Leader', null, true))).returning('id').execute();
  const agents = Array.from({ length: 24 }, (_, i) => person(i + 1, 'Team Member [Default]', Number(leaders[i % 4].id), false));
  await db.insertInto('employees').values(agents).execute();
  return activeTeam(db, company.id);
}

async function activeTeam(db: Kysely<Database>, companyId: number): Promise<TeamMember[]> {
  const rows = await db.selectFrom('employees').select(['id', 'team_leader_id']).where('company_id', '=', companyId).where('status', '=', 'active').orderBy('id').execute();
  return rows.map((row) => ({ id: Number(row.id), teamLeaderId: row.team_leader_id === null ? null : Number(row.team_leader_id) }));
}

interface DraftAnswer {
  key: QuestionIdentifier;
  options: CatalogOption[];
  comment: string | null;
}

interface Draft {
  row: Omit<NewInteraction, 'id' | 'sequence_id' | 'parent_id'>;
  /** Index in the batch of the interaction a recovery follows. */
  parent: number | null;
  answers: DraftAnswer[];
}

/** Survey answers in the catalog's shape for one response with this star rating. */
export function demoAnswers(random: Random, stars: number): DraftAnswer[] {
  const option = (key: QuestionIdentifier, value: number) => QUESTIONS[key].options.find((o) => o.integer_value === value)!;
  const answers: DraftAnswer[] = [
    { key: 'agent_star_rating', options: [option('agent_star_rating', stars)], comment: random.chance(0.3) ? random.pick(stars >= 4 ? COMMENTS_GOOD : COMMENTS_BAD) : null },
  ];
  if (stars >= 4) answers.push({ key: 'areas_of_excellence', options: random.some(DEFAULT_EXCELLENCE_OPTIONS, random.int(1, 3)), comment: null });
  else answers.push({ key: 'areas_of_improvement', options: random.some(DEFAULT_IMPROVEMENT_OPTIONS, random.int(1, 2)), comment: null });
  if (random.chance(0.8)) answers.push({ key: 'nps', options: [option('nps', Math.min(10, Math.max(0, stars * 2 + random.int(-2, 0))))], comment: null });
  if (random.chance(0.7)) answers.push({ key: 'fcr', options: [QUESTIONS.fcr.options[stars >= 3 ? (random.chance(0.9) ? 0 : 1) : random.chance(0.3) ? 0 : 1]], comment: null });
  return answers;
}

function draftInteraction(company: Company, team: TeamMember[], random: Random, createdAt: number, now: number, responseRate: number): Draft {
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
      uuid: crypto.randomUUID(),
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
function draftRecovery(parent: Draft, parentIndex: number, random: Random, now: number): Draft {
  const createdAt = Math.min(now - 1000, (parent.row.response_received_at ?? parent.row.created_at) + random.int(60_000, 3_600_000));
  const responded = random.chance(0.4);
  const respondedAt = responded ? Math.min(now - 500, createdAt + random.int(60_000, DAY)) : null;
  return {
    parent: parentIndex,
    answers: responded ? demoAnswers(random, random.int(2, 5)).slice(0, 1) : [],
    row: { ...parent.row, uuid: crypto.randomUUID(), is_recovery: 1, sent_at: createdAt + 2000, response_received_at: respondedAt, created_at: createdAt, updated_at: respondedAt ?? createdAt },
  };
}

/**
 * Bulk-writes `count` interactions spread over the last 180 days, in large transactions.
 * Sequence ids follow the live rule (`max(last + 1, updated_at_ms * 10 + id % 10)`) under
 * the company's sequence lock, so seeding alongside live traffic keeps the feed promise.
 */
export async function seedInteractions(db: Kysely<Database>, company: Company, team: TeamMember[], options: SeedDemoOptions, random: Random) {
  const now = Date.now();
  const batchSize = options.batchSize ?? 20_000;
  const span = 180 * DAY;
  let written = 0;
  let recoveries = 0;
  let answers = 0;
  let lastSequence = 0;
  const restoreCache = await largeSqliteCache(db);
  try {
  while (written < options.interactions) {
    const drafts: Draft[] = [];
    const batchEnd = Math.min(options.interactions, written + batchSize);
    for (let i = written; i < batchEnd; i++) {
      const createdAt = now - span + Math.floor(((i + random.next()) / options.interactions) * span);
      const draft = draftInteraction(company, team, random, createdAt, now, options.responseRate ?? 0.35);
      drafts.push(draft);
      const stars = draft.answers[0]?.options[0]?.integer_value ?? 5;
      if (stars <= 2 && random.chance(0.4) && drafts.length + 1 <= batchEnd - written) {
        drafts.push(draftRecovery(draft, drafts.length - 1, random, now));
        recoveries++;
        i++;
      }
    }
    const result = await db.transaction().execute((trx) => writeBatch(trx, company.id, drafts, now));
    answers += result.answers;
    lastSequence = result.lastSequence;
    written += drafts.length;
  }
  } finally {
    await restoreCache();
  }
  return { interactions: written, recoveries, answers, last_sequence_id: lastSequence };
}

async function writeBatch(trx: Transaction<Database>, companyId: number, drafts: Draft[], now: number) {
  const locked = await trx
    .updateTable('company_sequences')
    .set({ last_value: sql`last_value` })
    .where('company_id', '=', companyId)
    .returning('last_value')
    .executeTakeFirst();
  let last = Number(locked?.last_value ?? 0);
  const ids = await reserveIds(trx, 'interactions', drafts.length);
  const rows: NewInteraction[] = drafts.map((draft, i) => {
    last = Math.max(last + 1, Math.min(draft.row.updated_at, now) * 10 + (ids[i] % 10));
    return { ...draft.row, id: ids[i], sequence_id: last, parent_id: draft.parent === null ? null : ids[draft.parent] };
  });
  await bulkInsert(trx, 'interactions', rows, INTERACTION_ROWS_PER_INSERT);
  const answerRows = drafts.flatMap((draft, i) =>
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
  await bulkInsert(trx, 'answers', answerRows, ANSWER_ROWS_PER_INSERT);
  if (locked) await trx.updateTable('company_sequences').set({ last_value: last }).where('company_id', '=', companyId).execute();
  else await trx.insertInto('company_sequences').values({ company_id: companyId, last_value: last }).execute();
  return { answers: answerRows.length, lastSequence: last };
}

/**
 * Multi-row INSERTs built once per shape: the query builder's per-value cost dominates at a
 * million rows, so the statement text is cached and only the parameters change.
 */
async function bulkInsert(trx: Transaction<Database>, table: 'interactions' | 'answers', rows: object[], perInsert: number) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const statements = new Map<number, string>();
  const placeholders = (count: number, offset: number) => columns.map((_, c) => (isPostgresLike(trx) ? `$${offset + c + 1}` : '?')).join(',');
  for (let i = 0; i < rows.length; i += perInsert) {
    const chunk = rows.slice(i, i + perInsert) as Record<string, unknown>[];
    let text = statements.get(chunk.length);
    if (!text) {
      const values = chunk.map((_, r) => `(${placeholders(columns.length, r * columns.length)})`).join(',');
      text = `insert into ${table} (${columns.map((c) => `"${c}"`).join(',')}) values ${values}`;
      statements.set(chunk.length, text);
    }
    const parameters: unknown[] = [];
    for (const row of chunk) for (const column of columns) parameters.push(row[column]);
    await trx.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/** On SQLite, a 256 MB page cache while seeding (index inserts at random uuids); returns the undo. */
async function largeSqliteCache(db: Kysely<Database>): Promise<() => Promise<void>> {
  if (isPostgresLike(db)) return async () => {};
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  await sql`pragma cache_size = -262144`.execute(db);
  return async () => void (await sql.raw(`pragma cache_size = ${Number(rows[0].cache_size)}`).execute(db));
}
