// The reports benchmark's data: a UTC company of 160 people (8 team leaders, 152 agents in teams,
// some with two leaders, in overlapping groups), `rows` interactions over the last 365 days written
// with seed-demo's batch writers (4 channels, 2 brands, tags, about 40% answered with stars, NPS
// and FCR, recoveries after poor ratings), weekly QA reviews and coaching sessions, then the
// rollups. Kept between runs (see `cachedReportsData`): a million rows take minutes to write.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/database.ts';
import type { Database } from '../src/db/schema.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import type { Company } from '../src/modules/companies/companies.repository.ts';
import { batchWriter } from '../src/modules/demo-data/batch-writers.ts';
import { draftInteraction, draftRecovery, type Draft, type TeamMember } from '../src/modules/demo-data/demo-drafts.ts';
import { Random } from '../src/modules/demo-data/demo-values.ts';
import { rebuildCompanyRollups } from '../src/modules/reports/rollup-rebuild.ts';
import { GRAINS } from '../src/modules/reports/rollup-store.ts';
import { openRuntime } from '../src/runtime.ts';
import type { Services } from '../src/services.ts';
import { POSTGRES_URL, runCli } from './support.ts';

const DAY = 86_400_000;
const LEADERS = 8;
const AGENTS = 152;
/** Agents who also have a second team leader (so a team report counts them in two teams). */
const SECOND_LEADER_SHARE = 0.15;
const GROUPS = ['Tier 1', 'Tier 2', 'Billing', 'Returns', 'Night shift', 'VIP'];
const CHANNELS = ['chat', 'email', 'phone', 'messaging'];
const BRANDS = ['blancapeak', 'blancakids'];
/** Share of interactions asked to answer (draftInteraction: 5% are do_not_send, so about 40% answered). */
const RESPONSE_RATE = 0.42;
const SPAN_DAYS = 365;

export interface ReportsDataset {
  kind: 'sqlite' | 'postgres';
  databaseUrl: string;
  dataDir: string;
  companyId: number;
  apiKey: string;
  apiSecret: string;
  /** When the data was written: the reports are of the periods before it. */
  generatedAt: number;
  interactions: number;
  recoveries: number;
  answers: number;
  qaReviews: number;
  coachingSessions: number;
  rollupRows: number;
  leaders: number[];
  agents: number;
  /** Seconds: writing the interactions, the QA reviews and sessions, and the full rollup rebuild. */
  seconds: { interactions: number; qa: number; rebuild: number };
  /** Whether this run wrote the data (false: reused from an earlier run). */
  fresh: boolean;
}

/**
 * What the cached data's content depends on: this file, the drafts and random values it writes
 * with, what a row contributes and the counters, the grains, the migrations, and the size. Not
 * how rows are written (batch writers, rollup store): the run checks the rollups against the raw
 * rows anyway, and a stale dataset fails that check.
 */
export function cacheKey(kind: string, rows: number): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256').update(`${kind}:${rows}:${JSON.stringify(GRAINS)}`);
  const migrations = fs.readdirSync(path.join(root, 'src/db/migrations')).filter((f) => f.endsWith('.ts')).sort().map((f) => `src/db/migrations/${f}`);
  const files = ['bench/reports-data.ts', 'src/modules/demo-data/demo-drafts.ts', 'src/modules/demo-data/demo-values.ts', 'src/modules/reports/contributions.ts', 'src/modules/reports/counters.ts', ...migrations];
  for (const file of files) hash.update(file).update(fs.readFileSync(path.join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

export const CACHE_DIR = process.env.BENCH_REPORTS_CACHE ?? path.join(os.tmpdir(), 'agent-connect-bench-reports');

/**
 * The dataset for `kind` with `rows` interactions: reused when an earlier run wrote it with the
 * same code (BENCH_REPORTS_FRESH=1 writes it anew), else written now. On SQLite it is a file in
 * CACHE_DIR, on PostgreSQL a schema `bench_reports_<key>` (older ones are dropped).
 */
export async function cachedReportsData(kind: 'sqlite' | 'postgres', rows: number): Promise<ReportsDataset> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const key = cacheKey(kind, rows);
  const metaFile = path.join(CACHE_DIR, `${kind}-${key}.json`);
  const dataDir = path.join(CACHE_DIR, `${kind}-${key}`);
  const schema = `bench_reports_${key}`;
  const databaseUrl = kind === 'sqlite' ? `sqlite:${path.join(dataDir, 'bench.db')}` : schemaUrl(schema);
  if (process.env.BENCH_REPORTS_FRESH !== '1' && fs.existsSync(metaFile) && (kind === 'sqlite' || (await schemaExists(schema)))) {
    return { ...(JSON.parse(fs.readFileSync(metaFile, 'utf8')) as ReportsDataset), databaseUrl, dataDir, fresh: false };
  }
  // Older datasets of this kind (other code or sizes) go.
  for (const file of fs.readdirSync(CACHE_DIR).filter((f) => f.startsWith(`${kind}-`))) fs.rmSync(path.join(CACHE_DIR, file), { recursive: true, force: true });
  if (kind === 'postgres') await resetSchemas(schema);
  fs.mkdirSync(dataDir, { recursive: true });
  const data = await writeReportsData(kind, databaseUrl, dataDir, rows);
  fs.writeFileSync(metaFile, JSON.stringify(data));
  return data;
}

function schemaUrl(schema: string): string {
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const schemaExists = (schema: string) =>
  withAdmin(async (client) => (await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).rowCount === 1);

async function resetSchemas(schema: string): Promise<void> {
  await withAdmin(async (client) => {
    const old = await client.query<{ name: string }>("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'bench\\_reports\\_%'");
    for (const { name } of old.rows) await client.query(`DROP SCHEMA ${name} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
  });
}

/** Opens the services on the dataset's database (in this process: ReportsService is timed without HTTP). */
export async function openServices(data: Pick<ReportsDataset, 'databaseUrl' | 'dataDir'>): Promise<{ db: Db; services: Services; close(): Promise<void> }> {
  const { db, services } = await openRuntime(loadConfig({ ...process.env, DATABASE_URL: data.databaseUrl, DATA_DIR: data.dataDir, LOG_LEVEL: 'warn' }));
  return {
    db,
    services,
    close: async () => {
      await services.close();
      await db.close();
    },
  };
}

async function writeReportsData(kind: 'sqlite' | 'postgres', databaseUrl: string, dataDir: string, rows: number): Promise<ReportsDataset> {
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const args = ['company', 'create', '--name', 'Reports Bench', '--subdomain', 'reports', '--json', ...BRANDS.flatMap((b) => ['--brand', b]), ...CHANNELS.flatMap((c) => ['--channel', c])];
  const created = JSON.parse(await runCli(args, env));
  const opened = await openServices({ databaseUrl, dataDir });
  try {
    const { db, services } = opened;
    const company = await services.companies.requireBySubdomain('reports');
    const random = new Random(20);
    const generatedAt = Date.now();
    const { leaders, team } = await writePeople(db.kysely, company.id, random, generatedAt);
    let started = performance.now();
    const written = await writeInteractions(db, company, team, rows, random, generatedAt);
    const interactionSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const qa = await writeQa(db.kysely, company.id, team, leaders, random, generatedAt);
    const qaSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await db.kysely.transaction().execute((trx) => rebuildCompanyRollups(trx, company.id));
    const rebuildSeconds = (performance.now() - started) / 1000;
    if (db.dialect === 'postgres') for (const table of ['interactions', 'report_rollups', 'qa_reviews', 'coaching_sessions', 'employee_team_leaders']) await sql`ANALYZE ${sql.table(table)}`.execute(db.kysely);
    const rollupRows = Number((await db.kysely.selectFrom('report_rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow()).n);
    return {
      kind, databaseUrl, dataDir, companyId: company.id, apiKey: created.api_key, apiSecret: created.api_secret, generatedAt,
      ...written, ...qa, rollupRows, leaders, agents: team.length,
      seconds: { interactions: interactionSeconds, qa: qaSeconds, rebuild: rebuildSeconds },
      fresh: true,
    };
  } finally {
    await opened.close();
  }
}

/** Team leaders, agents (each with a primary leader, some with a second), and groups with members. */
async function writePeople(db: Kysely<Database>, companyId: number, random: Random, now: number): Promise<{ leaders: number[]; team: TeamMember[] }> {
  const person = (kind: 'lead' | 'agent', i: number, leaderId: number | null) => {
    const email = `${kind}${i}@reports.example`;
    return {
      company_id: companyId, email, email_key: email, custom_id: `${kind}-${i}`, first_name: kind === 'lead' ? 'Leader' : 'Agent', last_name: String(i),
      status: 'active', role: kind === 'lead' ? 'Team Leader' : 'Team Member [Default]', manage_team: kind === 'lead' ? 1 : 0,
      team_leader_id: leaderId, image: null, profile_text: null, created_at: now, updated_at: now,
    };
  };
  const leaders = (await db.insertInto('employees').values(Array.from({ length: LEADERS }, (_, i) => person('lead', i + 1, null))).returning('id').execute()).map((r) => Number(r.id));
  const agentRows = Array.from({ length: AGENTS }, (_, i) => person('agent', i + 1, leaders[i % LEADERS]));
  const agents = (await db.insertInto('employees').values(agentRows).returning(['id', 'team_leader_id']).execute()).map((r) => ({ id: Number(r.id), teamLeaderId: Number(r.team_leader_id) }));
  const links = agents.flatMap((agent, i) => {
    const primary = { company_id: companyId, employee_id: agent.id, team_leader_id: agent.teamLeaderId, position: 0 };
    return random.chance(SECOND_LEADER_SHARE) ? [primary, { company_id: companyId, employee_id: agent.id, team_leader_id: leaders[(i + 1) % LEADERS], position: 1 }] : [primary];
  });
  await db.insertInto('employee_team_leaders').values(links).execute();
  const groups = (await db.insertInto('groups').values(GROUPS.map((name) => ({ company_id: companyId, name, created_at: now }))).returning('id').execute()).map((r) => Number(r.id));
  const members = agents.flatMap((agent) => random.some(groups, random.int(1, 2)).map((groupId) => ({ company_id: companyId, employee_id: agent.id, group_id: groupId, kind: 'member' })));
  await db.insertInto('employee_groups').values(members).execute();
  return { leaders, team: agents };
}

/** `rows` interactions spread over SPAN_DAYS before `now` (seed-demo's drafts and batch writer, over a year instead of 180 days). */
async function writeInteractions(db: Db, company: Company, team: TeamMember[], rows: number, random: Random, now: number) {
  const span = SPAN_DAYS * DAY;
  const writer = batchWriter(db);
  let written = 0;
  let recoveries = 0;
  let answers = 0;
  try {
    while (written < rows) {
      const drafts: Draft[] = [];
      const batchEnd = Math.min(rows, written + 5000);
      for (let i = written; i < batchEnd; i++) {
        const createdAt = now - span + Math.floor(((i + random.next()) / rows) * span);
        const draft = draftInteraction(company, team, random, createdAt, now, RESPONSE_RATE);
        drafts.push(draft);
        const stars = draft.answers[0]?.options[0]?.integer_value ?? 5;
        if (stars <= 2 && random.chance(0.4) && drafts.length + 1 <= batchEnd - written) {
          drafts.push(draftRecovery(draft, drafts.length - 1, random, now));
          recoveries++;
          i++;
        }
      }
      answers += (await writer.write(company.id, drafts, now)).answers;
      written += drafts.length;
      if (written % 100_000 < 5000) process.stderr.write(`  ${written.toLocaleString('en')} interactions\n`);
    }
  } finally {
    await writer.close();
  }
  return { interactions: written, recoveries, answers };
}

/**
 * About two QA reviews a week per agent (by a team leader; one in ten not counting toward score,
 * one in twenty not completed) and a coaching session most weeks, over the same year.
 */
async function writeQa(db: Kysely<Database>, companyId: number, team: TeamMember[], leaders: number[], random: Random, now: number) {
  const at = now - SPAN_DAYS * DAY;
  const scorecard = await db.insertInto('qa_scorecards').values({ company_id: companyId, name: 'Bench scorecard', archived_at: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  const reviews: Record<string, unknown>[] = [];
  const sessions: Record<string, unknown>[] = [];
  for (let week = 0; week < SPAN_DAYS / 7 - 1; week++) {
    for (const agent of team) {
      for (let n = random.int(1, 3); n > 0; n--) {
        const created = at + week * 7 * DAY + random.int(0, 7 * DAY - 1);
        const completed = random.chance(0.95);
        reviews.push({
          uuid: uuidv7(created), company_id: companyId, sequence_id: reviews.length + 1, scorecard_id: Number(scorecard.id), employee_id: agent.id, reviewer_id: agent.teamLeaderId!,
          ext_interaction_id: null, interaction_url: null, solicitation_uuid: null, count_toward_score: random.chance(0.9) ? 1 : 0,
          score: completed ? random.int(400, 1000) / 10 : null, autofailed: 0, answers: '[]', groups: '[]',
          created_at: created, started_at: created, completed_at: completed ? created + random.int(60_000, 3 * DAY) : null, updated_at: created,
        });
      }
      if (random.chance(0.6)) {
        const created = at + week * 7 * DAY + random.int(0, 7 * DAY - 1);
        sessions.push({
          uuid: uuidv7(created), company_id: companyId, sequence_id: sessions.length + 1, coach_id: agent.teamLeaderId ?? leaders[0], employee_id: agent.id,
          title: `Weekly 1:1 // week ${week + 1}`, private: 0, archived: 0, shared_at: created, reshared_at: null,
          kudos: '[]', metric_attachments: '[]', feedback_attachments: '[]', qa_review_attachments: '[]', created_at: created, updated_at: created,
        });
      }
    }
  }
  // Completion after `now` would be in the future: none is.
  for (const review of reviews) if ((review.completed_at as number | null) !== null && (review.completed_at as number) > now) review.completed_at = now - 1000;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < reviews.length; i += 1000) await trx.insertInto('qa_reviews').values(reviews.slice(i, i + 1000) as never).execute();
    for (let i = 0; i < sessions.length; i += 1000) await trx.insertInto('coaching_sessions').values(sessions.slice(i, i + 1000) as never).execute();
  });
  return { qaReviews: reviews.length, coachingSessions: sessions.length };
}
