// The Stream benchmark's data: seed-demo's interactions, re-assigned to a company of 100 agents in
// teams of 25, one agent with exactly `agentRows` interactions, and the two people who sign in.
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import type { Database } from '../src/db/schema.ts';
import { hashPassword } from '../src/lib/passwords.ts';
import { runCli } from './support.ts';

export const PASSWORD = 'stream bench password 1';
/** Agents in the company, and per team. */
const AGENTS = 100;
const TEAM_SIZE = 25;
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
 * (employees.team_leader_id, and employee_team_leaders where it exists) and their interactions
 * the same team_leader_id, as the request service stores it.
 */
async function assignTeam(db: Kysely<Database>, companyId: number, leaderId: number, memberIds: number[]): Promise<void> {
  await db.updateTable('employees').set({ manage_team: 1 }).where('company_id', '=', companyId).where('id', '=', leaderId).execute();
  await db.updateTable('employees').set({ team_leader_id: leaderId }).where('company_id', '=', companyId).where('id', 'in', memberIds).execute();
  if (await hasTeamLeadersTable(db)) {
    const teams = sql.table('employee_team_leaders');
    await sql`DELETE FROM ${teams} WHERE company_id = ${companyId} AND employee_id IN (${sql.join(memberIds)})`.execute(db);
    await sql`INSERT INTO ${teams} (company_id, employee_id, team_leader_id, position) VALUES ${sql.join(memberIds.map((id) => sql`(${companyId}, ${id}, ${leaderId}, 0)`))}`.execute(db);
  }
  await db.updateTable('interactions').set({ team_leader_id: leaderId }).where('company_id', '=', companyId).where('employee_id', 'in', memberIds).execute();
}

/** More agents, in the shape seed-demo writes its demo team (seed-demo.ts `seedTeam`). */
async function addAgents(db: Kysely<Database>, companyId: number, subdomain: string, count: number): Promise<number[]> {
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => {
    const email = `agent${i + 1}.bench@${subdomain}.example`;
    return {
      company_id: companyId, email, email_key: email, custom_id: `bench-A${i + 1}`, first_name: 'Bench', last_name: `Agent ${i + 1}`,
      status: 'active', role: 'Team Member [Default]', manage_team: 0, team_leader_id: null, image: null, profile_text: null, created_at: now, updated_at: now,
    };
  });
  const inserted = await db.insertInto('employees').values(rows).returning('id').execute();
  return inserted.map((row) => Number(row.id));
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

/** Company "stream", `rows` interactions by seed-demo (no QA data), then the org chart above. */
export async function seedStreamData(env: Record<string, string>, databaseUrl: string, rows: number): Promise<StreamDataset> {
  const AGENT_ROWS = agentRows(rows);
  const company = JSON.parse(await runCli(['company', 'create', '--name', 'Stream Bench', '--subdomain', 'stream', '--json'], env));
  const seeded = JSON.parse(await runCli(['seed-demo', '--company', 'stream', '--interactions', String(rows), '--no-qa', '--json'], env));
  const database = openDatabase(databaseUrl);
  const db = database.kysely;
  const companyId = Number(company.id);
  try {
    // seed-demo's team: 4 leaders and 24 agents (deterministic emails); 76 more agents make 100.
    const demo = await db.selectFrom('employees').select(['id', 'email', 'manage_team']).where('company_id', '=', companyId).orderBy('id').execute();
    const leaders = demo.filter((row) => row.manage_team === 1).map((row) => ({ id: Number(row.id), email: row.email }));
    const demoAgents = demo.filter((row) => row.manage_team !== 1).map((row) => Number(row.id));
    const agents = [...demoAgents, ...(await addAgents(db, companyId, 'stream', AGENTS - demoAgents.length))];
    // Every interaction to one of the 100 agents (a recovery with its first survey): about rows/100 each.
    // (A plain table: a temporary one would belong to one connection of the PostgreSQL pool.)
    await sql`CREATE TABLE bench_slots (slot integer PRIMARY KEY, employee_id integer NOT NULL)`.execute(db);
    await db.insertInto('bench_slots' as never).values(agents.map((id, slot) => ({ slot, employee_id: id })) as never).execute();
    await sql`UPDATE interactions SET employee_id = (SELECT s.employee_id FROM bench_slots s WHERE s.slot = (COALESCE(interactions.parent_id, interactions.id) % ${AGENTS}))
              WHERE company_id = ${companyId}`.execute(db);
    await sql`DROP TABLE bench_slots`.execute(db);
    // Exactly AGENT_ROWS for the first agent, trading with the second (same team, so the leader's total holds).
    const [agentId, neighbourId] = agents;
    const have = await count(db, companyId, [agentId]);
    if (have > AGENT_ROWS) await move(db, companyId, agentId, neighbourId, have - AGENT_ROWS);
    else if (have < AGENT_ROWS) await move(db, companyId, neighbourId, agentId, AGENT_ROWS - have);
    // Teams of 25: the first leader signs in.
    for (let team = 0; team < AGENTS / TEAM_SIZE; team++) {
      await assignTeam(db, companyId, leaders[team % leaders.length].id, agents.slice(team * TEAM_SIZE, (team + 1) * TEAM_SIZE));
    }
    const team = agents.slice(0, TEAM_SIZE);
    const leader = leaders[0];
    const agentRow = await db.selectFrom('employees').select('email').where('id', '=', agentId).executeTakeFirstOrThrow();
    const passwordHash = await hashPassword(PASSWORD);
    await db.updateTable('employees').set({ password_hash: passwordHash }).where('company_id', '=', companyId).where('id', 'in', [agentId, leader.id]).execute();
    // Fresh statistics after the bulk changes, as seed-demo leaves them (SQLite: `serve` runs PRAGMA optimize at start).
    // PostgreSQL: every row was rewritten once; VACUUM as autovacuum would after such an update.
    if (database.dialect === 'postgres') await sql`VACUUM ANALYZE interactions`.execute(db);
    const since = Date.now() - 30 * 86_400_000;
    const agentInteractions = await count(db, companyId, [agentId]);
    if (agentInteractions !== AGENT_ROWS) throw new Error(`the agent has ${agentInteractions} interactions, not ${AGENT_ROWS}`);
    return {
      companyId,
      interactions: seeded.interactions,
      answers: seeded.answers,
      seedSeconds: seeded.seconds,
      agent: { id: agentId, email: agentRow.email, interactions: agentInteractions },
      leader: { id: leader.id, email: leader.email, teamSize: team.length, teamInteractions: await count(db, companyId, team), memberIds: team },
      agentResponses30d: await count(db, companyId, [agentId], since),
      leaderResponses30d: await count(db, companyId, [leader.id, ...team], since),
    };
  } finally {
    await database.close();
  }
}
