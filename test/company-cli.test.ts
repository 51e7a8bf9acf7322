import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applySettingAssignments, readSettings } from '../src/modules/companies/company-settings.ts';
import { assertRefused, runCli } from './helpers/cli.ts';
import { createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const cli = (...args: string[]) => runCli(ctx.env, ...args);

const refused = (args: string[], reason: RegExp) => assertRefused(ctx.env, args, reason);

describe('agent-connect company show', () => {
  it('prints every setting and the company, never a key, secret or hash', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'], channels: ['chat', 'sms'] });
    assert.equal((await cli('company', 'set', company.subdomain, 'brand_display_names.blancakids=Blanca Kids', 'enabled_questions=nps,fcr', 'reply_to=')).code, 0);

    const json = await cli('company', 'show', company.subdomain, '--json');
    assert.equal(json.code, 0, json.stderr);
    const shown = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(shown).sort(), ['brands', 'channels', 'id', 'languages', 'name', 'settings', 'subdomain', 'test_email']);
    assert.deepEqual(shown.brands, ['blancapeak', 'blancakids']);
    assert.deepEqual(shown.channels, ['chat', 'sms']);
    assert.equal(shown.test_email, `qa@${company.subdomain}.example`);
    assert.deepEqual(Object.keys(shown.settings).sort(), [...Object.keys(readSettings({})), 'brand_display_names'].sort(), 'every setting, defaults included, and the brands\' display names');
    assert.deepEqual(shown.settings.enabled_questions, ['nps', 'fcr']);
    assert.deepEqual(shown.settings.brand_display_names, { blancakids: 'Blanca Kids' });
    assert.equal(shown.settings.survey_expiry_days, 14);

    const text = await cli('company', 'show', company.subdomain);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    for (const key of Object.keys(readSettings({})).filter((k) => k !== 'brand_display_names')) {
      assert.ok(lines.some((line) => line.startsWith(`${key} `)), `a line for ${key}`);
    }
    assert.match(text.stdout, new RegExp(`^subdomain +${company.subdomain}$`, 'm'));
    const valueColumn = lines.map((line) => /^\S+\s+/.exec(line)![0].length);
    assert.equal(new Set(valueColumn).size, 1, `values start in one column:\n${text.stdout}`);
    assert.match(text.stdout, /^enabled_questions +nps, fcr$/m);
    assert.match(text.stdout, /^brand_display_names\.blancakids +Blanca Kids$/m);
    assert.match(text.stdout, /^brand_display_names\.blancapeak +\(not set/m);
    assert.match(text.stdout, /^reply_to +\(empty\)$/m);

    for (const output of [json.stdout, text.stdout]) {
      for (const secret of [company.api_key, company.test_api_key, company.api_secret, company.api_key.slice(0, 12)]) assert.ok(!output.includes(secret));
      assert.doesNotMatch(output, /[0-9a-f]{64}/, 'no SHA-256 hash');
    }
  });

  it('an unknown company is one line and exit 1', async () => {
    await refused(['company', 'show', 'no-such-co'], /^error: no company with subdomain "no-such-co"\n$/);
  });
});

describe('agent-connect company set refuses what it cannot store, naming what is allowed', () => {
  it('a display name for a brand the company does not have', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
    await refused(['company', 'set', company.subdomain, 'brand_display_names.blancababy=Blanca Baby'], /unknown brand "blancababy" in brand_display_names\.blancababy; brands of this company: blancapeak, blancakids/);
    await refused(['company', 'set', company.subdomain, 'brand_display_names={"other":"Other"}'], /unknown brand "other".*brands of this company: blancapeak, blancakids/);
    await refused(['company', 'set', company.subdomain, `brand_display_names.blancakids=${'x'.repeat(121)}`], /brand_display_names\.blancakids: at most 120 characters/);
    assert.deepEqual((await ctx.services.companies.describe(company.subdomain)).settings.brand_display_names, {}, 'nothing stored');
  });

  it('a brand written in another case is stored under the brand\'s own name; an empty value removes it', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancakids'] });
    const set = await cli('company', 'set', company.subdomain, 'brand_display_names.BlancaKids=Blanca Kids', '--json');
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout).brand_display_names, { blancakids: 'Blanca Kids' });
    const cleared = await cli('company', 'set', company.subdomain, 'brand_display_names.blancakids=', '--json');
    assert.deepEqual(JSON.parse(cleared.stdout).brand_display_names, {});
  });

  it('a bad list item, naming it and the allowed ones', async () => {
    const company = await createCompany(ctx.services);
    await refused(['company', 'set', company.subdomain, 'enabled_questions=nps,foo'],
      /invalid value for enabled_questions: "foo" is not allowed; allowed: areas_of_excellence, areas_of_improvement, nps, fcr, rewards/);
    await refused(['company', 'set', company.subdomain, 'enabled_questions=foo,bar,nps'], /"foo", "bar" are not allowed; allowed: /);
    await refused(['company', 'set', company.subdomain, `reward_names=Coffee,${'y'.repeat(81)}`], /invalid value for reward_names: "y+…" is longer than 80 characters/);
    const many = Array.from({ length: 31 }, (_, i) => `Option ${i}`).join(',');
    await refused(['company', 'set', company.subdomain, `areas_of_excellence=${many}`], /invalid value for areas_of_excellence: at most 30 items \(31 given\)/);
    const repeated = await cli('company', 'set', company.subdomain, 'enabled_questions=nps,nps,fcr', '--json');
    assert.deepEqual(JSON.parse(repeated.stdout).enabled_questions, ['nps', 'fcr'], 'a repeated item is kept once');
  });

  it('the rule lives in the settings domain, not in the command', () => {
    const settings = { ...readSettings({}), brand_display_names: {} };
    assert.throws(() => applySettingAssignments(settings, ['brand_display_names.x=X'], ['a', 'b']), /unknown brand "x".*brands of this company: a, b/);
    assert.throws(() => applySettingAssignments(settings, ['enabled_questions=nps,foo'], ['a']), /"foo" is not allowed/);
    assert.deepEqual(applySettingAssignments(settings, ['brand_display_names.A=Aye'], ['a']).brand_display_names, { a: 'Aye' });
  });

  it('option translations: per key or as a JSON object, for an option of the company and a survey language, at most 80 characters', async () => {
    const company = await createCompany(ctx.services);
    const set = await cli('company', 'set', company.subdomain, 'reward_names=Coffee,Lunch', 'option_translations.fr.Friendly=Aimable', 'option_translations.fr.Coffee=Un café', 'comment_position=end', '--json');
    assert.equal(set.code, 0, set.stderr);
    const printed = JSON.parse(set.stdout);
    assert.deepEqual(printed.option_translations, { fr: { Friendly: 'Aimable', Coffee: 'Un café' } });
    assert.equal(printed.comment_position, 'end');
    const json = await cli('company', 'set', company.subdomain, 'option_translations={"de":{"Lunch":"Mittagessen"}}', '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).option_translations, { de: { Lunch: 'Mittagessen' } }, 'a whole object replaces the translations');
    const shown = await cli('company', 'show', company.subdomain);
    assert.match(shown.stdout, /^option_translations +\{"de":\{"Lunch":"Mittagessen"\}\}$/m);
    const removed = await cli('company', 'set', company.subdomain, 'option_translations.de.Lunch=', '--json');
    assert.deepEqual(JSON.parse(removed.stdout).option_translations, {}, 'an empty value removes a translation');

    await refused(['company', 'set', company.subdomain, 'option_translations.fr.Cheerful=Joyeux'], /invalid key option_translations\.fr\.Cheerful: "Cheerful" is not an option of this company; options: Friendly, .*Coffee, Lunch/);
    await refused(['company', 'set', company.subdomain, 'option_translations.ja.Friendly=Shinsetsu'], /invalid key option_translations\.ja\.Friendly: "ja" is not a survey language; languages: en, es, fr, de, pt, nl, it/);
    await refused(['company', 'set', company.subdomain, `option_translations.de.Friendly=${'z'.repeat(81)}`], /invalid value for option_translations\.de\.Friendly: at most 80 characters \(81 given\)/);
    await refused(['company', 'set', company.subdomain, 'option_translations={"fr":{"Nope":"Non"}}'], /invalid key option_translations\.fr\.Nope/);
    await refused(['company', 'set', company.subdomain, 'option_translations=[1]'], /invalid value for option_translations: a JSON object/);
    await refused(['company', 'set', company.subdomain, 'option_translations.fr=Aimable'], /is not option_translations\.<language>\.<option>=<text>/);
    await refused(['company', 'set', company.subdomain, 'comment_position=middle'], /invalid value for comment_position: one of after_rating, end/);
  });

  it('translations of a removed option are dropped with it', () => {
    const settings = applySettingAssignments({ ...readSettings({}), brand_display_names: {} }, ['reward_names=Coffee', 'option_translations.fr.Coffee=Café', 'option_translations.fr.Patient=Patient·e'], []);
    const next = applySettingAssignments(settings, ['reward_names=Tea'], []);
    assert.deepEqual(next.option_translations, { fr: { Patient: 'Patient·e' } });
  });
});
