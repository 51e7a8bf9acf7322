import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { isScannerAgent } from '../src/modules/survey/scanner-rule.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { csrfOf, eventually, interaction, requestBody, sendSurvey, startMailingApp, surveyCompany } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

// The scanner rule (src/modules/survey/scanner-rule.ts) over real HTTP, with a fake clock (Date only:
// timers and sockets run in real time) that moves only when a test says so.

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const MIMECAST = 'Mimecast-URL-Protect/1.0';
const PYTHON = 'python-requests/2.31.0';
const OFFICE = 'Microsoft Office Existence Discovery';

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let base: string;
let company: CompanyCredentials;
let agent: { email: string };
let clock = 0;

before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ PUBLIC_URL: 'https://feedback.example' }));
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  ({ company, agent } = await surveyCompany(ctx));
});
afterEach(() => mock.timers.reset());
after(() => close());

/** A delivered survey; then the fake clock starts a minute ahead of real time. */
async function delivered() {
  const body = requestBody(agent);
  const { requestId, token } = await sendSurvey(ctx, sink, company.api_key, body);
  await eventually(async () => (await interaction(ctx, requestId)).delivery_status === 'Sent');
  clock = Date.now() + 60_000;
  mock.timers.enable({ apis: ['Date'], now: clock });
  return { uuid: requestId, token };
}

function advance(ms: number): void {
  clock += ms;
  mock.timers.setTime(clock);
}

async function click(token: string, star: number, userAgent: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Response> {
  const response = await fetch(`${base}/s/${token}/rate/${star}`, { method, redirect: 'manual', headers: { 'user-agent': userAgent } });
  await response.arrayBuffer();
  assert.equal(response.status, 303, `${method} star ${star}`);
  assert.equal(response.headers.get('location'), `/s/${token}`);
  return response;
}

/** All five star links, 75 ms apart (300 ms in all), as a link scanner opens them. */
async function scanAll(token: string, userAgent: string): Promise<void> {
  for (const star of [1, 2, 3, 4, 5]) {
    await click(token, star, userAgent);
    advance(75);
  }
}

async function storedRating(uuid: string): Promise<number | null> {
  const row = await interaction(ctx, uuid);
  return row.star_rating === null ? null : Number(row.star_rating);
}

async function dataRecord(uuid: string) {
  const response = await ctx.as(company).get('/v2/data?limit=1000');
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { uuid: string; response_received_at: string | null; answers: Record<string, { selected_options: Record<string, { integer_value: number }> }> }[]).find((r) => r.uuid === uuid)!;
}

describe('scanner rule: a simulated link scanner', () => {
  it('opening all five stars within 300 ms with a browser user agent leaves no rating, and the customer can still rate a minute later', async () => {
    const { uuid, token } = await delivered();
    await scanAll(token, BROWSER);
    assert.equal(await storedRating(uuid), null);
    assert.equal((await interaction(ctx, uuid)).response_received_at, null);
    assert.equal((await dataRecord(uuid)).answers.agent_star_rating, undefined);

    advance(1_500);
    await click(token, 4, BROWSER);
    assert.equal(await storedRating(uuid), null, 'a click 1.5 s after the burst is still part of it');
    advance(60_000);
    await click(token, 4, BROWSER);
    assert.equal(await storedRating(uuid), 4, 'the customer, a minute later, is recorded');
  });

  it('opening all five stars with a scanner user agent leaves no rating; a slow scanner is caught within 30 s', async () => {
    const fast = await delivered();
    await scanAll(fast.token, MIMECAST);
    assert.equal(await storedRating(fast.uuid), null);
    mock.timers.reset();

    const slow = await delivered();
    await click(slow.token, 1, MIMECAST);
    assert.equal(await storedRating(slow.uuid), 1, 'a single GET is a rating, whoever sends it');
    advance(10_000);
    await click(slow.token, 2, MIMECAST);
    assert.equal(await storedRating(slow.uuid), null, 'a scanner agent opening another star 10 s later withdraws it');
    advance(10_000);
    await click(slow.token, 3, MIMECAST);
    assert.equal(await storedRating(slow.uuid), null, 'a third star 10 s later still belongs to the burst');
    advance(10_000);
    await click(slow.token, 4, BROWSER);
    assert.equal(await storedRating(slow.uuid), 4, 'a person 10 s after the scanner is not in its burst');
  });

  it('a person whose mail client fetches each link before opening it keeps the last star (Outlook, click-time Safe Links)', async () => {
    const { uuid, token } = await delivered();
    await click(token, 2, OFFICE);
    advance(100);
    await click(token, 2, BROWSER);
    assert.equal(await storedRating(uuid), 2);
    advance(5_000);
    await click(token, 4, OFFICE);
    advance(100);
    await click(token, 4, BROWSER);
    assert.equal(await storedRating(uuid), 4, 'the fetch of star 4 is not in a burst with the click on 2');
  });

  it('answers HEAD requests of star links without recording anything', async () => {
    const { uuid, token } = await delivered();
    for (const star of [1, 2, 3, 4, 5]) await click(token, star, MIMECAST, 'HEAD');
    assert.equal(await storedRating(uuid), null);
    const survey = await ctx.db.kysely.selectFrom('surveys').selectAll().where('interaction_id', '=', (await interaction(ctx, uuid)).id).executeTakeFirstOrThrow();
    assert.equal(survey.last_click_at, null, 'a HEAD is not even a click');
    await click(token, 3, BROWSER);
    assert.equal(await storedRating(uuid), 3, 'the HEADs do not make the first GET a burst');
    const unknown = await fetch(`${base}/s/${'A'.repeat(32)}/rate/3`, { method: 'HEAD', redirect: 'manual' });
    assert.equal(unknown.status, 404);
  });
});

describe('scanner rule: known scanner user agents', () => {
  it('recognises link scanners and HTTP libraries, not browsers', () => {
    const scanners = [
      'Mozilla/4.0 (compatible; ms-office; MSOffice 16)', 'Microsoft Office Existence Discovery', 'Mozilla/5.0 (compatible; Microsoft Office/16.0)',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko) BingPreview/1.0b', MIMECAST, 'Proofpoint URL Defense', 'Barracuda Sentinel (EE)',
      'Symantec Web Security', 'Cisco IronPort', 'TrendMicro Email Security', 'Sophos Email Scanner', 'FireEye', 'Google-Safety', PYTHON, 'curl/8.5.0', 'Go-http-client/1.1',
    ];
    for (const agent of scanners) assert.ok(isScannerAgent(agent), agent);
    const browsers = [
      BROWSER, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    ];
    for (const agent of browsers) assert.ok(!isScannerAgent(agent), agent);
    assert.ok(!isScannerAgent(undefined), 'no user agent is not a known scanner');
  });
});

describe('scanner rule: a simulated person', () => {
  it('clicking 2, then 4 four seconds later, keeps 4 (in /v2/data and the report rollups)', async () => {
    const { uuid, token } = await delivered();
    await click(token, 2, BROWSER);
    assert.equal(await storedRating(uuid), 2);
    advance(4_000);
    await click(token, 4, BROWSER);
    assert.equal(await storedRating(uuid), 4);
    advance(1_000);
    await click(token, 4, BROWSER);
    assert.equal(await storedRating(uuid), 4, 'opening the same star again keeps it');

    const record = await dataRecord(uuid);
    assert.equal(Object.values(record.answers.agent_star_rating.selected_options)[0].integer_value, 4);
    assert.ok(record.response_received_at);
    const day = new Date(clock).toISOString().slice(0, 10);
    const report = await ctx.as(company).get(`/v2/reports/metrics?from=${day}&to=${day}&group_by=employee`);
    assert.equal(report.statusCode, 200, report.body);
    const rated = await ctx.db.kysely.selectFrom('interactions').select(['star_rating']).where('company_id', '=', company.id).where('star_rating', 'is not', null).execute();
    const total = report.json().total;
    assert.equal(total.responses, rated.length, 'the rollups count exactly the surveys that keep a rating');
    const mean = rated.reduce((sum, r) => sum + Number(r.star_rating), 0) / rated.length;
    assert.equal(total.star_rating_avg, Math.round(mean * 100) / 100);
  });

  it('a single GET by a scanner user agent is a rating', async () => {
    const { uuid, token } = await delivered();
    await click(token, 5, PYTHON);
    assert.equal(await storedRating(uuid), 5);
    assert.equal(Object.values((await dataRecord(uuid)).answers.agent_star_rating.selected_options)[0].integer_value, 5);
  });

  it('a rating given through the form is never withdrawn by a burst', async () => {
    const { uuid, token } = await delivered();
    await click(token, 5, BROWSER);
    advance(500);
    const page = await fetch(`${base}/s/${token}`, { headers: { 'user-agent': BROWSER } });
    const body = await page.text();
    const { cookie, csrf } = csrfOf({ headers: { 'set-cookie': page.headers.get('set-cookie') }, body });
    const saved = await fetch(`${base}/s/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'user-agent': BROWSER },
      body: new URLSearchParams({ csrf, rating: '3', shown_agent_star_rating: '1' }).toString(),
    });
    assert.equal(saved.status, 303);
    assert.equal(await storedRating(uuid), 3, 'the form changed the clicked 5 to 3');
    advance(500);
    await scanAll(token, MIMECAST);
    assert.equal(await storedRating(uuid), 3, 'a scanner opening every star right after does not withdraw it');
  });
});
