import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createCompany } from './helpers/factories.ts';
import { renderProgressBar } from '../src/cli/progress-bar.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const run = promisify(execFile);
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

describe('agent-connect seed-demo', () => {
  it('bulk-writes a team, interactions with catalog answers and recoveries, visible through data return', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
    const { stdout, stderr } = await run(process.execPath, ['bin/agent-connect.js', 'seed-demo', '--company', company.subdomain, '--interactions', '3000', '--no-qa', '--json'], {
      env: { ...process.env, ...ctx.env },
    });
    assert.equal(stderr, '', 'no progress bar when stderr is not a terminal');
    const result = JSON.parse(stdout);
    assert.equal(result.company, company.subdomain);
    assert.equal(result.interactions, 3000);
    assert.ok(result.employees >= 20);
    assert.ok(result.recoveries > 0 && result.recoveries < 300, `recoveries ${result.recoveries}`);
    assert.ok(result.answers > 500, `answers ${result.answers}`);

    const rows = await ctx.db.kysely.selectFrom('interactions').select(['sequence_id', 'updated_at', 'id', 'is_recovery', 'parent_id']).where('company_id', '=', company.id).orderBy('sequence_id').execute();
    assert.equal(rows.length, 3000);
    for (const [i, row] of rows.entries()) {
      if (i > 0) assert.ok(row.sequence_id > rows[i - 1].sequence_id);
      assert.ok(row.sequence_id >= row.updated_at * 10 + (row.id % 10), 'sequence ids follow the live rule');
      assert.equal(row.is_recovery === 1, row.parent_id !== null);
    }
    const counter = await ctx.db.kysely.selectFrom('company_sequences').select('last_value').where('company_id', '=', company.id).executeTakeFirstOrThrow();
    assert.equal(counter.last_value, rows[rows.length - 1].sequence_id);

    const feed = (await ctx.as(company).get('/v2/data?include_recovery=true&responded_at_gte=1970-01-01T00:00:00Z&limit=10000')).json();
    assert.ok(feed.length > 500);
    const star = feed.find((r: { answers: Record<string, unknown> }) => r.answers.agent_star_rating);
    assert.equal(star.answers.agent_star_rating.question_id, 145);
    assert.ok(feed.some((r: { is_recovery: boolean; parent_uuid: string | null }) => r.is_recovery && r.parent_uuid !== null));
    assert.ok(new Set(feed.map((r: { branding: string }) => r.branding)).size === 2);

    const again = await run(process.execPath, ['bin/agent-connect.js', 'seed-demo', '--company', company.subdomain, '--interactions', '10', '--json'], { env: { ...process.env, ...ctx.env } });
    assert.equal(JSON.parse(again.stdout).employees, result.employees, 'a second run reuses the team');
  });

  it('refuses an unknown company and a bad count with a message', async () => {
    const unknown = await run(process.execPath, ['bin/agent-connect.js', 'seed-demo', '--company', 'nope-nope'], { env: { ...process.env, ...ctx.env } }).catch((error) => error);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /nope-nope/);
    const bad = await run(process.execPath, ['bin/agent-connect.js', 'seed-demo', '--company', 'x', '--interactions', 'lots'], { env: { ...process.env, ...ctx.env } }).catch((error) => error);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /interactions/);
  });

  it('--help states each default once', async () => {
    const { stdout } = await run(process.execPath, ['bin/agent-connect.js', 'seed-demo', '--help'], { env: { ...process.env, ...ctx.env } });
    assert.match(stdout, /--interactions <n> +how many interactions to write \(default: 1000\)/);
    assert.match(stdout, /\(default: 42\)/);
    assert.equal(stdout.match(/default/g)?.length, 2, stdout);
  });

  it('draws a progress bar on a terminal', async () => {
    const company = await createCompany(ctx.services);
    const command = `${process.execPath} bin/agent-connect.js seed-demo --company ${company.subdomain} --interactions 12000 --no-qa`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, ...ctx.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, output);
    const frames = output.split('\r').filter((frame) => frame.startsWith('['));
    const counts = frames.map((frame) => /\] +\d+% +([\d,]+)\/12,000 interactions/.exec(frame)?.[1]);
    assert.deepEqual(counts, ['0', '5,000', '10,000', '12,000'], JSON.stringify(output));
    assert.match(output, /\r\x1b\[K\r?\n?seeded /, 'the bar is cleared before the summary');
  });
});

describe('progress bar', () => {
  it('fills in proportion and shows the count', () => {
    assert.equal(renderProgressBar(0, 1000, 'rows', 10), '[░░░░░░░░░░]   0%  0/1,000 rows');
    assert.equal(renderProgressBar(500, 1000, 'rows', 10), '[█████░░░░░]  50%  500/1,000 rows');
    assert.equal(renderProgressBar(1000, 1000, 'rows', 10), '[██████████] 100%  1,000/1,000 rows');
    assert.equal(renderProgressBar(5, 0, 'rows', 4), '[████] 100%  5/0 rows');
  });
});
