// The Stream benchmark's data: a company of 100 agents in teams of 25 filled by seed-demo, one agent
// with exactly `agentRows` interactions, and the two people who sign in (that agent, their leader).
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import type { Database } from '../src/db/schema.ts';
import { hashPassword } from '../src/lib/passwords.ts';
import { runCli } from './support.ts';

export const PASSWORD = 'stream bench password 1';
/** Agents in the company, per team, and their team leaders. */
const AGENTS = 100;
const TEAM_SIZE = 25;
const LEADERS = AGENTS / TEAM_SIZE;
/** Interactions of the agent who signs in: 10,000 (fewer, a hundredth of them, on small datasets). */
export const agentRows = (rows: number) => Math.min(10_000, Math.floor(rows / AGENTS));

export interface StreamDataset {
  companyId: number;
  interactions: number;
  answers: number;
  seedSeconds: number;
  /** The agent who signs in (`agentRows` interactions) and their team leader (TEAM_SIZE agents). */
  agent: { id: number; email: string; interactions: number };
  leader: { id: number; email: string; teamSize: number; teamInteractions: number; memberIds: number[] };
  /** Responses in the default period (the last 30 days) for each. */
  agentResponses30d: number;
  leaderResponses30d: number;
  /** Interactions of team leaders themselves (0: seed-demo gave them none). */
  leaderInteractions: number;
}

/** Whether the database has employee_team_leaders (several team leaders per employee, migration 130). */
async function hasTeamLeadersTable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`SELECT 1 FROM employee_team_leaders WHERE 1 = 0`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one place where teams are written: `memberIds` get `leaderId` as their only team leader
 * (employees.team_leader_id, and employee_team_leaders where it exists).
 */
async function assignTeam(db: Kysely<Database>, companyId: number, leaderId: number, memberIds: number[]): Promise<void> {
  await db.updateTable('employees').set({ manage_team: 1 }).where('company_id', '=', companyId).where('id', '=', leaderId).execute();
  await db.updateTable('employees').set({ team_leader_id: leaderId }).where('company_id', '=', companyId).where('id', 'in', memberIds).execute();
  if (await hasTeamLeadersTable(db)) {
    const teams = sql.table('employee_team_leaders');
    await sql`DELETE FROM ${teams} WHERE company_id = ${companyId} AND employee_id IN (${sql.join(memberIds)})`.execute(db);
    await sql`INSERT INTO ${teams} (company_id, employee_id, team_leader_id, position) VALUES ${sql.join(memberIds.map((id) => sql`(${companyId}, ${id}, ${leaderId}, 0)`))}`.execute(db);
  }
}

/** Employees in the shape seed-demo writes its demo team (seed-demo.ts `seedTeam`). */
async function addPeople(db: Kysely<Database>, companyId: number, kind: 'lead' | 'agent', count: number, fields: { status: string; role: string; manage_team: number }) {
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => {
    const email = `${kind}${i + 1}.bench@stream.example`;
    return {
      company_id: companyId, email, email_key: email, custom_id: `bench-${kind}-${i + 1}`, first_name: kind === 'lead' ? 'Leader' : 'Agent', last_name: String(i + 1),
      team_leader_id: null, image: null, profile_text: null, created_at: now, updated_at: now, ...fields,
    };
  });
  const inserted = await db.insertInto('employees').values(rows).returning('id').execute();
  return inserted.map((row, i) => ({ id: Number(row.id), email: rows[i].email }));
}

async function count(db: Kysely<Database>, companyId: number, employeeIds: number[], since?: number): Promise<number> {
  let query = db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', companyId).where('employee_id', 'in', employeeIds);
  if (since !== undefined) query = query.where('response_received_at', '>=', since);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Moves `n` interactions from one agent to another, only ones with no recovery and that are no
 * recovery (a recovery keeps its first survey's agent; seed-demo writes a recovery right after it).
 */
async function move(db: Kysely<Database>, companyId: number, from: number, to: number, n: number): Promise<void> {
  await sql`
    UPDATE interactions SET employee_id = ${to}
    WHERE id IN (
      SELECT i.id FROM interactions i
      WHERE i.company_id = ${companyId} AND i.employee_id = ${from} AND i.is_recovery = 0
        AND NOT EXISTS (SELECT 1 FROM interactions c WHERE c.id = i.id + 1 AND c.parent_id = i.id)
      ORDER BY i.id LIMIT ${n}
    )`.execute(db);
}

/**
 * Company "stream": 4 team leaders and 100 agents in teams of 25 written first, so that seed-demo
 * spreads its `rows` interactions (no QA data) over the agents (about rows/100 each) with their
 * team leader on each interaction, as the request service stores it. The leaders are `pending`
 * (not active) while it runs, so they get none. Then the first agent is given exactly
 * `agentRows(rows)` interactions, traded with the second (same team).
 */
export async function seedStreamData(env: Record<string, string>, databaseUrl: string, rows: number): Promise<StreamDataset> {
  const AGENT_ROWS = agentRows(rows);
  const company = JSON.parse(await runCli(['company', 'create', '--name', 'Stream Bench', '--subdomain', 'stream', '--json'], env));
  const companyId = Number(company.id);
  const { leaders, agents } = await withDb(databaseUrl, async (db) => {
    const leaders = await addPeople(db, companyId, 'lead', LEADERS, { status: 'pending', role: 'Team Leader', manage_team: 1 });
    const agents = await addPeople(db, companyId, 'agent', AGENTS, { status: 'active', role: 'Team Member [Default]', manage_team: 0 });
    for (let team = 0; team < LEADERS; team++) await assignTeam(db, companyId, leaders[team].id, agents.slice(team * TEAM_SIZE, (team + 1) * TEAM_SIZE).map((a) => a.id));
    return { leaders, agents };
  });
  const seeded = JSON.parse(await runCli(['seed-demo', '--company', 'stream', '--interactions', String(rows), '--no-qa', '--json'], env));
  return withDb(databaseUrl, async (db, dialect) => {
    await db.updateTable('employees').set({ status: 'active' }).where('company_id', '=', companyId).where('id', 'in', leaders.map((l) => l.id)).execute();
    const [agent, neighbour] = agents;
    const have = await count(db, companyId, [agent.id]);
    if (have > AGENT_ROWS) await move(db, companyId, agent.id, neighbour.id, have - AGENT_ROWS);
    else if (have < AGENT_ROWS) await move(db, companyId, neighbour.id, agent.id, AGENT_ROWS - have);
    const leader = leaders[0];
    const team = agents.slice(0, TEAM_SIZE).map((a) => a.id);
    await db.updateTable('employees').set({ password_hash: await hashPassword(PASSWORD) }).where('company_id', '=', companyId).where('id', 'in', [agent.id, leader.id]).execute();
    // Fresh statistics, as seed-demo leaves them (on SQLite `serve` runs PRAGMA optimize at start).
    if (dialect === 'postgres') await sql`ANALYZE interactions`.execute(db);
    const since = Date.now() - 30 * 86_400_000;
    const agentInteractions = await count(db, companyId, [agent.id]);
    if (agentInteractions !== AGENT_ROWS) throw new Error(`the agent has ${agentInteractions} interactions, not ${AGENT_ROWS}`);
    return {
      companyId,
      interactions: seeded.interactions,
      answers: seeded.answers,
      seedSeconds: seeded.seconds,
      agent: { id: agent.id, email: agent.email, interactions: agentInteractions },
      leader: { id: leader.id, email: leader.email, teamSize: team.length, teamInteractions: await count(db, companyId, team), memberIds: team },
      agentResponses30d: await count(db, companyId, [agent.id], since),
      leaderResponses30d: await count(db, companyId, [leader.id, ...team], since),
      leaderInteractions: await count(db, companyId, leaders.map((l) => l.id)),
    };
  });
}

async function withDb<T>(databaseUrl: string, work: (db: Kysely<Database>, dialect: 'sqlite' | 'postgres') => Promise<T>): Promise<T> {
  const database = openDatabase(databaseUrl);
  try {
    return await work(database.kysely, database.dialect);
  } finally {
    await database.close();
  }
}
