import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Company } from '../companies/companies.repository.ts';
import { batchWriter } from './batch-writers.ts';
import { draftInteraction, draftRecovery, type Draft, type TeamMember } from './demo-drafts.ts';
import { FIRST_NAMES, LAST_NAMES, Random } from './demo-values.ts';

export type { TeamMember } from './demo-drafts.ts';

export interface SeedDemoOptions {
  interactions: number;
  /** Random seed; the same seed writes the same data. */
  seed?: number;
  /** Share of interactions with a survey response (default 0.35). */
  responseRate?: number;
  /** Interactions per transaction (default 5,000). */
  batchSize?: number;
  /** Called after each committed batch with the interactions written so far and the total. */
  onProgress?: (written: number, total: number) => void;
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

/** Writes realistic demo data for a company: a team, then interactions with answers and recoveries. */
export async function seedDemo(db: Db, company: Company, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = Date.now();
  const random = new Random(options.seed ?? 42);
  const team = await seedTeam(db.kysely, company, random);
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
  const inserted = await db.insertInto('employees').values(agents).returning(['id', 'team_leader_id']).execute();
  await db
    .insertInto('employee_team_leaders')
    .values(inserted.map((row) => ({ company_id: company.id, employee_id: Number(row.id), team_leader_id: Number(row.team_leader_id), position: 0 })))
    .execute();
  return activeTeam(db, company.id);
}

async function activeTeam(db: Kysely<Database>, companyId: number): Promise<TeamMember[]> {
  const rows = await db.selectFrom('employees').select(['id', 'team_leader_id']).where('company_id', '=', companyId).where('status', '=', 'active').orderBy('id').execute();
  return rows.map((row) => ({ id: Number(row.id), teamLeaderId: row.team_leader_id === null ? null : Number(row.team_leader_id) }));
}

/**
 * Bulk-writes `count` interactions spread over the last 180 days, in large transactions.
 * Sequence ids follow the live rule (`max(last + 1, updated_at_ms * 10 + id % 10)`) under
 * the company's sequence lock, so seeding alongside live traffic keeps the feed promise.
 */
export async function seedInteractions(db: Db, company: Company, team: TeamMember[], options: SeedDemoOptions, random: Random) {
  const now = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const span = 180 * DAY;
  let written = 0;
  let recoveries = 0;
  let answers = 0;
  let lastSequence = 0;
  const writer = batchWriter(db);
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
      const result = await writer.write(company.id, drafts, now);
      answers += result.answers;
      lastSequence = result.lastSequence;
      written += drafts.length;
      options.onProgress?.(written, options.interactions);
    }
  } finally {
    await writer.close();
  }
  return { interactions: written, recoveries, answers, last_sequence_id: lastSequence };
}

