/*
 * Rough look at the Stream's queries on a local dataset (not part of npm run bench):
 *   DATABASE_URL=sqlite:/tmp/x.db node --import tsx bench/stream-explain.ts 300000
 * Seeds a demo company (24 agents, 4 leaders) with N interactions, then times the first page and
 * the summary for one agent and one leader, and prints the plans.
 */
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { employeeScope } from '../src/modules/access/scope.ts';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { EmployeesRepository } from '../src/modules/employees/employees.repository.ts';

const count = Number(process.argv[2] ?? 300_000);
const config = loadConfig({ ...process.env, DEMO: 'false', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/streambench' } as Record<string, string>);
const { db, services } = await openRuntime(config);
const existing = await db.kysely.selectFrom('companies').select('id').where('subdomain', '=', 'streambench').executeTakeFirst();
if (!existing) await services.companies.create({ name: 'Stream bench', subdomain: 'streambench', testEmail: null, brands: ['peak'] });
const theCompany = await services.companies.requireBySubdomain('streambench');
if (!existing) {
  const started = Date.now();
  await seedDemo(db, theCompany, { interactions: count, seed: 7 });
  console.log(`seeded ${count} in ${Date.now() - started} ms`);
}
const employees = new EmployeesRepository(db.kysely);
const agent = await db.kysely.selectFrom('employees').selectAll().where('company_id', '=', theCompany.id).where('role', '=', 'Team Member [Default]').orderBy('id').executeTakeFirstOrThrow();
const leader = await db.kysely.selectFrom('employees').selectAll().where('company_id', '=', theCompany.id).where('role', '=', 'Team Leader').orderBy('id').executeTakeFirstOrThrow();
const scopeOf = async (e: typeof agent, role: string[]) => employeeScope(theCompany, e, { capabilities: role }, await employees.reach(theCompany.id, Number(e.id)));
const scopes = { agent: await scopeOf(agent, []), leader: await scopeOf(leader, ['can_review']), admin: await scopeOf(leader, ['admin']) };
for (const [name, scope] of Object.entries(scopes)) {
  for (const [what, run] of [['page', () => services.stream.page(scope, {})], ['summary', () => services.stream.summary(scope, {})], ['page stars=1', () => services.stream.page(scope, { stars: [1] })]] as const) {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`${name} ${what}: median ${times[7].toFixed(1)} ms, max ${times[14].toFixed(1)} ms`);
  }
}
const n = await db.kysely.selectFrom('interactions').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
console.log('interactions', n.n, 'agent', agent.id, 'leader', leader.id);
await db.close();
