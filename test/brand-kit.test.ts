import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { up as copyDisplayNames } from '../src/db/migrations/151-brand-display-names.ts';
import { brandDisplayName, brandLabel } from '../src/modules/companies/brand-display-name.ts';
import { checkAccentColor, checkCopy, checkSenderName, contrastOnWhite, darkenToContrast } from '../src/modules/companies/brand-kit-rules.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { setPassword, signIn } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function person(role: string, company?: Awaited<ReturnType<typeof createCompany>>) {
  const owner = company ?? (await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] }));
  const employee = await createEmployee(ctx.services, owner.id, { role });
  await setPassword(ctx.db, employee);
  return { company: owner, employee, browser: await signIn(ctx.app, employee.email) };
}

const brandsOf = async (companyId: number) => ctx.db.kysely.selectFrom('brands').selectAll().where('company_id', '=', companyId).orderBy('id').execute();

describe('brand kit rules', () => {
  it('refuses an accent colour too pale for text on white, with its ratio and a darker colour that passes', () => {
    assert.throws(() => checkAccentColor('#ffcc00'), (error: Error) => {
      const match = /^accent_color #ffcc00 has (\d+\.\d):1 contrast on white; text needs 4\.5:1 — try (#[0-9a-f]{6})$/.exec(error.message);
      assert.ok(match, error.message);
      assert.equal(match[1], '1.5');
      assert.ok(contrastOnWhite(match[2]) >= 4.5, `${match[2]} passes`);
      assert.ok(contrastOnWhite(match[2]) < 4.8, `${match[2]} is not darker than it needs to be`);
      return true;
    });
    assert.throws(() => checkAccentColor('#FFF'), /accent_color #ffffff has 1\.0:1 contrast/);
    assert.throws(() => checkAccentColor('blue'), /accent_color: "blue" is not a colour; use #rgb or #rrggbb/);
    assert.throws(() => checkAccentColor('#12345'), /is not a colour/);
    assert.equal(checkAccentColor('#1D4ED8'), '#1d4ed8');
    assert.equal(checkAccentColor('#000'), '#000000');
    for (const pale of ['#ff0000', '#00ff00', '#888888', '#7fb3d5']) assert.ok(contrastOnWhite(darkenToContrast(pale)) >= 4.5, pale);
  });

  it('accepts only {first_name} and {brand} in a sender name, naming the unknown ones', () => {
    assert.equal(checkSenderName(' {first_name} at {brand} '), '{first_name} at {brand}');
    assert.throws(() => checkSenderName('{first_name} {last_name} via {company}'), /: sender_name: unknown placeholders \{last_name\}, \{company\}; use \{first_name\}, \{brand\}$/);
    assert.throws(() => checkSenderName('{customer}'), /sender_name: unknown placeholder \{customer\}/);
    assert.throws(() => checkSenderName('x'.repeat(81)), /sender_name: 1 to 80 characters \(81 given\)/);
    assert.throws(() => checkSenderName('Bob <bob@x>'), /sender_name: no line breaks, quotes or angle brackets/);
  });

  it('checks copy per survey language, per field, with its placeholders', () => {
    assert.deepEqual(checkCopy({ en: { subject: 'How did {first_name} do, {customer}?', intro: '  ' }, fr: { closing: 'Merci de la part de {brand}' }, de: { greeting: '' } }), {
      en: { subject: 'How did {first_name} do, {customer}?' },
      fr: { closing: 'Merci de la part de {brand}' },
    });
    assert.throws(() => checkCopy({ ja: { subject: 'x' } }), /copy\.ja: not a survey language; use en, es, fr, de, pt, nl, it/);
    assert.throws(() => checkCopy({ en: { body: 'x' } }), /copy\.en\.body: unknown field; use subject, greeting, intro, closing/);
    assert.throws(() => checkCopy({ es: { subject: 'x'.repeat(151) } }), /copy\.es\.subject: at most 150 characters \(151 given\)/);
    assert.throws(() => checkCopy({ de: { intro: 'y'.repeat(501) } }), /copy\.de\.intro: at most 500 characters/);
    assert.throws(() => checkCopy({ nl: { greeting: 'Hoi {voornaam}' } }), /copy\.nl\.greeting: unknown placeholder \{voornaam\}; use \{first_name\}, \{brand\}, \{customer\}/);
    assert.throws(() => checkCopy({ en: { subject: 'two\nlines' } }), /copy\.en\.subject: one line/);
  });
});

describe('display names live on the brand', () => {
  it('customers see the display name, else the company name; staff see the display name, else the internal name', async () => {
    const company = await createCompany(ctx.services, { name: 'Blanca Peak Inc', brands: ['blancapeak', 'blancakids'] });
    await ctx.services.companies.setSettings(company.subdomain, ['brand_display_names.blancakids=Blanca Kids']);
    const loaded = await ctx.services.companies.requireBySubdomain(company.subdomain);
    const [peak, kids] = loaded.brands;
    assert.equal(brandDisplayName(loaded, kids.id), 'Blanca Kids');
    assert.equal(brandDisplayName(loaded, peak.id), 'Blanca Peak Inc', 'never the internal name');
    assert.equal(brandLabel(loaded, peak.id), 'blancapeak');
    const rows = await brandsOf(company.id);
    assert.deepEqual(rows.map((row) => row.display_name), [null, 'Blanca Kids'], 'company set writes the column');
    const stored = await ctx.db.kysely.selectFrom('companies').select('settings').where('id', '=', company.id).executeTakeFirstOrThrow();
    assert.ok(!String(stored.settings).includes('brand_display_names'), 'not kept in the settings too');
    assert.deepEqual((await ctx.services.companies.describe(company.subdomain)).settings.brand_display_names, { blancakids: 'Blanca Kids' });
  });

  it('migration 151 copies the setting into the column and drops it from the settings', async () => {
    const company = await createCompany(ctx.services, { brands: ['north', 'south'] });
    await ctx.db.kysely.updateTable('companies')
      .set({ settings: JSON.stringify({ send_delay_minutes: 5, brand_display_names: { south: 'South Shop', gone: 'Old brand' } }) })
      .where('id', '=', company.id).execute();
    await copyDisplayNames(ctx.db.kysely);
    assert.deepEqual((await brandsOf(company.id)).map((row) => [row.name, row.display_name]), [['north', null], ['south', 'South Shop']]);
    const stored = JSON.parse(String((await ctx.db.kysely.selectFrom('companies').select('settings').where('id', '=', company.id).executeTakeFirstOrThrow()).settings));
    assert.deepEqual(stored, { send_delay_minutes: 5 });
  });
});

describe('/app/api/brands', () => {
  it('lets an admin read and change a brand kit; emails and pages see it through the cache', async () => {
    const { company, browser } = await person('Admin');
    const listed = await browser.send(ctx.app, 'GET', '/app/api/brands');
    assert.equal(listed.statusCode, 200, listed.body);
    assert.equal(listed.headers['cache-control'], 'no-store');
    const [peak] = listed.json().brands;
    assert.deepEqual(peak, { id: peak.id, name: 'blancapeak', display_name: null, logo_url: null, accent_color: null, sender_name: null, copy: {} });
    const before = await ctx.services.credentials.company(company.id);
    assert.equal(before!.brands[0].kit.displayName, null);

    const saved = await browser.send(ctx.app, 'PUT', `/app/api/brands/${peak.id}`, {
      payload: { display_name: ' Blanca Peak ', accent_color: '#0F5F8C', sender_name: '{first_name} at {brand}', copy: { en: { subject: 'How did {first_name} do?' }, fr: { closing: 'Merci !' } } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json(), {
      id: peak.id, name: 'blancapeak', display_name: 'Blanca Peak', logo_url: null, accent_color: '#0f5f8c', sender_name: '{first_name} at {brand}',
      copy: { en: { subject: 'How did {first_name} do?' }, fr: { closing: 'Merci !' } },
    });
    const after = await ctx.services.credentials.company(company.id);
    assert.equal(after!.brands[0].kit.displayName, 'Blanca Peak', 'the cached company was dropped');
    assert.equal(after!.brands[0].kit.accentColor, '#0f5f8c');
    assert.equal(brandDisplayName(after!, peak.id), 'Blanca Peak');

    const partial = await browser.send(ctx.app, 'PUT', `/app/api/brands/${peak.id}`, { payload: { accent_color: null } });
    assert.equal(partial.json().accent_color, null);
    assert.equal(partial.json().display_name, 'Blanca Peak', 'fields not given stay');
  });

  it('refuses bad fields with 400 naming the field, changing nothing', async () => {
    const { company, browser } = await person('Admin');
    const [peak] = await brandsOf(company.id);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ accent_color: '#ffcc00' }, /^accent_color #ffcc00 has 1\.5:1 contrast on white; text needs 4\.5:1 — try #[0-9a-f]{6}$/],
      [{ sender_name: 'Hi {name}' }, /sender_name: unknown placeholder \{name\}/],
      [{ display_name: 'x'.repeat(121) }, /display_name: 1 to 120 characters/],
      [{ copy: { en: { subject: 'Hi {agent}' } } }, /copy\.en\.subject: unknown placeholder \{agent\}/],
      [{ copy: { xx: { subject: 'Hi' } } }, /copy\.xx: not a survey language/],
      [{ colour: '#000' }, /colour/],
    ];
    for (const [payload, message] of cases) {
      const response = await browser.send(ctx.app, 'PUT', `/app/api/brands/${peak.id}`, { payload });
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
      assert.equal(response.json().error, 'Bad Request');
      assert.match(response.json().message, message);
    }
    const [unchanged] = await brandsOf(company.id);
    assert.deepEqual([unchanged.accent_color, unchanged.sender_name, unchanged.display_name, unchanged.copy], [null, null, null, null]);
  });

  it('is for admins only: an agent is refused, another company\'s brand is not found, writes need the CSRF token', async () => {
    const admin = await person('Admin');
    const agent = await person('Agent', admin.company);
    const other = await person('Admin');
    const [mine] = await brandsOf(admin.company.id);
    const [theirs] = await brandsOf(other.company.id);

    for (const [method, url] of [['GET', '/app/api/brands'], ['PUT', `/app/api/brands/${mine.id}`], ['DELETE', `/app/api/brands/${mine.id}/logo`]] as const) {
      const response = await agent.browser.send(ctx.app, method, url, method === 'PUT' ? { payload: { display_name: 'Hijacked' } } : {});
      assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
      assert.match(response.json().message, /only admins/);
    }
    const upload = await ctx.app.inject({ method: 'PUT', url: `/app/api/brands/${mine.id}/logo`, headers: { cookie: agent.browser.cookie, 'x-csrf-token': agent.browser.csrf, 'content-type': 'image/png' }, payload: Buffer.from('x') });
    assert.equal(upload.statusCode, 403);

    const foreign = await admin.browser.send(ctx.app, 'PUT', `/app/api/brands/${theirs.id}`, { payload: { display_name: 'Hijacked' } });
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.equal((await admin.browser.send(ctx.app, 'DELETE', `/app/api/brands/${theirs.id}/logo`)).statusCode, 404);
    assert.ok(!(await admin.browser.send(ctx.app, 'GET', '/app/api/brands')).json().brands.some((b: { id: number }) => b.id === theirs.id));

    const noCsrf = await admin.browser.send(ctx.app, 'PUT', `/app/api/brands/${mine.id}`, { csrf: false, payload: { display_name: 'No token' } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/app/api/brands' })).statusCode, 401);
    assert.equal((await brandsOf(admin.company.id))[0].display_name, null, 'nothing changed');
    assert.equal((await brandsOf(other.company.id))[0].display_name, null, 'nothing changed');
  });
});
