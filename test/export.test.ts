import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

const exec = promisify(execFile);
let ctx: TestContext;
let baseUrl: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
});
after(() => ctx.close());

describe('agent-connect export', () => {
  it('exports feedback as NDJSON and CSV, and resumes from its state file', async () => {
    const company = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, company.id);
    const post = (i: number) =>
      ctx.as(company).post('/v1/requests', { customer: { email: `e${i}@example.com` }, employee: { email: agent.email }, channel: 'chat', do_not_send: true, tags: ['a', 'b'] });
    for (let i = 0; i < 5; i++) await post(i);
    const args = ['bin/agent-connect.js', 'export', 'feedback', '--url', baseUrl, '--api-key', company.api_key, '--api-secret', company.api_secret];
    const env = { ...process.env, ...ctx.env };

    const ndjson = await exec(process.execPath, args, { env });
    const rows = ndjson.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(rows.length, 5);
    assert.match(ndjson.stderr, new RegExp(`last sequence_id: ${rows[4].sequence_id}`));

    const dir = fs.mkdtempSync(path.join(ctx.database.dataDir, 'export-'));
    const out = path.join(dir, 'feedback.csv');
    const state = path.join(dir, 'state.json');
    await exec(process.execPath, [...args, '--format', 'csv', '--out', out, '--state', state], { env });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.length, 6, 'a header and five rows');
    const header = lines[0].split(',');
    for (const column of ['uuid', 'sequence_id', 'employee.email', 'customer.email', 'agent_star_rating', 'nps_comment', 'tags']) assert.ok(header.includes(column), column);
    assert.ok(lines[1].includes('"[""a"",""b""]"'), 'tags are one JSON array cell');
    assert.equal(JSON.parse(fs.readFileSync(state, 'utf8')).after, rows[4].sequence_id);

    for (let i = 5; i < 8; i++) await post(i);
    await exec(process.execPath, [...args, '--format', 'ndjson', '--out', path.join(dir, 'more.ndjson'), '--state', state], { env });
    const more = fs.readFileSync(path.join(dir, 'more.ndjson'), 'utf8').trim().split('\n');
    assert.equal(more.length, 3, 'only what came after the stored sequence_id');
  });

  it('exports the paged feeds (qa) and the employees with the same credentials', async () => {
    const company = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, company.id);
    const credentials = ['--url', baseUrl, '--api-key', company.api_key, '--api-secret', company.api_secret];
    const employees = await exec(process.execPath, ['bin/agent-connect.js', 'export', 'employees', ...credentials]);
    assert.deepEqual(employees.stdout.trim().split('\n').map((line) => JSON.parse(line).email), [agent.email]);
    const qa = await exec(process.execPath, ['bin/agent-connect.js', 'export', 'qa', ...credentials]);
    assert.equal(qa.stdout, '');
    assert.match(qa.stderr, /exported 0 qa rows; last sequence_id: none/);
  });

  it('refuses a bad kind or format with a one-line reason', async () => {
    for (const extra of [['nothing'], ['feedback', '--format', 'xml']]) {
      const result = await exec(process.execPath, ['bin/agent-connect.js', 'export', ...extra, '--url', baseUrl, '--api-key', 'k', '--api-secret', 's']).catch((e) => e);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /must be/);
    }
  });
});
