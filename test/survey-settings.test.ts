import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { optionId, optionsFor } from '../src/modules/survey/survey-options.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { eventually, interaction, outboxRows, postRequest, requestBody } from './helpers/survey.ts';
import { runCli } from './helpers/cli.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const cli = (...args: string[]) => runCli(ctx.env, ...args);

describe('agent-connect company set', () => {
  it('stores survey settings, and running servers pick them up', async () => {
    const company = await createCompany(ctx.services);
    const agent = await createEmployee(ctx.services, company.id);
    await ctx.services.credentials.authenticate(company.api_key);
    const result = await cli('company', 'set', company.subdomain, 'send_delay_minutes=15', 'suppression_days=0', 'reward_names=Coffee, Lunch',
      'enabled_questions=nps,fcr', 'brand_display_names.' + company.subdomain + '=Blanca Peak', 'reply_to=agent', '--json');
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout);
    assert.equal(printed.send_delay_minutes, 15);
    assert.deepEqual(printed.reward_names, ['Coffee', 'Lunch']);
    assert.deepEqual(printed.enabled_questions, ['nps', 'fcr']);
    assert.deepEqual(printed.brand_display_names, { [company.subdomain]: 'Blanca Peak' });
    assert.equal(printed.survey_expiry_days, 14, 'untouched keys keep their values');

    // The epoch bump reaches this process's cache within a poll.
    await eventually(async () => (await ctx.services.credentials.authenticate(company.api_key))?.company.settings.send_delay_minutes === 15);
    const uuid = await postRequest(ctx, company.api_key, requestBody(agent, { brand: company.subdomain }));
    const row = await interaction(ctx, uuid);
    const [outbox] = await outboxRows(ctx, row.id);
    assert.ok(outbox.available_at - row.created_at >= 15 * 60_000 - 1000, 'send delay applied');
  });

  it('refuses unknown keys and bad values, naming them', async () => {
    const company = await createCompany(ctx.services);
    const unknown = await cli('company', 'set', company.subdomain, 'colour=blue');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown setting "colour"/);
    const bad = await cli('company', 'set', company.subdomain, 'suppression_days=-1');
    assert.match(bad.stderr, /invalid value for suppression_days: a whole number from 0 to 365/);
    const question = await cli('company', 'set', company.subdomain, 'enabled_questions=nps,colour');
    assert.match(question.stderr, /invalid value for enabled_questions/);
    const reply = await cli('company', 'set', company.subdomain, 'reply_to=nobody');
    assert.match(reply.stderr, /reply_to/);
  });

  it('keeps option ids stable: defaults keep catalog ids, new names get a lasting id', async () => {
    const company = await createCompany(ctx.services);
    const settings = await ctx.services.companies.setSettings(company.subdomain, ['areas_of_excellence=Friendly,Fast,Helpful']);
    const options = optionsFor('areas_of_excellence', settings);
    assert.deepEqual(options.map((o) => o.option_id), [1121, optionId('areas_of_excellence', 'Fast'), 1127]);
    const again = optionsFor('areas_of_excellence', await ctx.services.companies.setSettings(company.subdomain, ['areas_of_excellence=Fast']));
    assert.equal(again[0].option_id, options[1].option_id);
    assert.ok(options[1].option_id >= 100_000);
  });
});
