import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertRefused, runCli } from './helpers/cli.ts';
import { createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const cli = (...args: string[]) => runCli(ctx.env, ...args);
const brandRows = async (companyId: number) => ctx.db.kysely.selectFrom('brands').selectAll().where('company_id', '=', companyId).orderBy('id').execute();

describe('agent-connect brand', () => {
  it('sets a brand kit and lists it; copy assignments add to the copy already there', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
    const set = await cli('brand', 'set', '--company', company.subdomain, '--brand', 'BlancaKids', '--display-name', 'Blanca Kids', '--accent', '#B3261E',
      '--sender-name', '{first_name} at {brand}', '--copy', 'en.subject=How did {first_name} do?', '--copy', 'fr.closing=Merci {customer} !', '--json');
    assert.equal(set.code, 0, set.stderr);
    const saved = JSON.parse(set.stdout);
    assert.equal(saved.name, 'blancakids');
    assert.equal(saved.display_name, 'Blanca Kids');
    assert.equal(saved.accent_color, '#b3261e');
    assert.deepEqual(saved.copy, { en: { subject: 'How did {first_name} do?' }, fr: { closing: 'Merci {customer} !' } });

    const more = await cli('brand', 'set', '--company', company.subdomain, '--brand', 'blancakids', '--copy', 'en.subject=', '--copy', 'en.intro=Thanks for talking to {first_name}.', '--json');
    assert.equal(more.code, 0, more.stderr);
    assert.deepEqual(JSON.parse(more.stdout).copy, { en: { intro: 'Thanks for talking to {first_name}.' }, fr: { closing: 'Merci {customer} !' } }, 'an empty text removes it, others stay');
    assert.equal(JSON.parse(more.stdout).display_name, 'Blanca Kids', 'options not given stay');

    const listed = await cli('brand', 'list', '--company', company.subdomain);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^brand +blancapeak$/m);
    assert.match(listed.stdout, /^ {2}display_name +\(not set: customers see the company name\)$/m);
    assert.match(listed.stdout, /^ {2}display_name +Blanca Kids$/m);
    assert.match(listed.stdout, /^ {2}accent_color +#b3261e$/m);
    assert.match(listed.stdout, /^ {2}copy\.fr\.closing +Merci \{customer\} !$/m);
    const [, kids] = await brandRows(company.id);
    assert.equal(kids.sender_name, '{first_name} at {brand}');
  });

  it('refuses what it cannot store with the same messages as the web app, in one line, storing nothing', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancapeak'] });
    const base = ['brand', 'set', '--company', company.subdomain, '--brand', 'blancapeak'];
    await assertRefused(ctx.env, [...base, '--accent', '#ffcc00'], /^error: accent_color #ffcc00 has 1\.5:1 contrast on white; text needs 4\.5:1 — try #[0-9a-f]{6}\n$/);
    await assertRefused(ctx.env, [...base, '--sender-name', '{agent} at {brand}'], /sender_name: unknown placeholder \{agent\}; use \{first_name\}, \{brand\}/);
    await assertRefused(ctx.env, [...base, '--copy', 'ja.subject=こんにちは'], /copy\.ja: not a survey language/);
    await assertRefused(ctx.env, ['brand', 'set', '--company', company.subdomain, '--brand', 'nope', '--display-name', 'X'], /unknown brand "nope"; brands of this company: blancapeak/);
    const [row] = await brandRows(company.id);
    assert.deepEqual([row.accent_color, row.sender_name, row.copy, row.display_name], [null, null, null, null]);
  });
});
