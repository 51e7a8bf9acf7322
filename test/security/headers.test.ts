import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { OutboxWorker } from '../../src/outbox/outbox-worker.ts';
import { CONTENT_SECURITY_POLICY as SURVEY_CSP } from '../../src/modules/survey/survey-page.ts';
import { DOCS_CSP, HSTS, PAGE_CSP } from '../../src/plugins/security-headers.ts';
import { createEmployee } from '../helpers/factories.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { fastWorker, requestBody, sendSurvey, surveyCompany } from '../helpers/survey.ts';

let ctx: SecurityContext;
let sink: SmtpSink;
let worker: OutboxWorker;
/** Pages and the CSP each must carry. */
let pages: { url: string; status: number; csp: string }[];
before(async () => {
  sink = await startSmtpSink();
  ctx = await createSecurityContext({ SMTP_URL: sink.url, TRUST_PROXY: 'true' });
  worker = fastWorker(ctx);
  const { company, agent } = await surveyCompany(ctx);
  for (const key of [company.api_key, company.test_api_key, company.api_secret]) ctx.remember('credential', key);
  const { token } = await sendSurvey(ctx, sink, company.api_key, requestBody(agent));
  const invitee = await createEmployee(ctx.services, company.id, { status: 'pending' });
  const invite = (await ctx.services.invites.issueLink(company.id, Number(invitee.id))).split('/invite/')[1];
  ctx.remember('survey token', token);
  ctx.remember('invite token', invite);
  pages = [
    { url: `/s/${token}`, status: 200, csp: SURVEY_CSP },
    { url: `/s/${token}/unsubscribe`, status: 200, csp: SURVEY_CSP },
    { url: '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', status: 404, csp: SURVEY_CSP },
    { url: `/invite/${invite}`, status: 200, csp: PAGE_CSP },
    { url: '/invite/not-a-real-invitation-token', status: 404, csp: PAGE_CSP },
    { url: '/docs/', status: 200, csp: DOCS_CSP },
  ];
});
after(async () => {
  await worker.stop();
  await ctx.closeAndCheckLogs();
  await sink.close();
});

function assertPageHeaders(response: LightMyRequestResponse, csp: string, where: string) {
  assert.match(String(response.headers['content-type']), /^text\/html/, where);
  assert.equal(response.headers['content-security-policy'], csp, where);
  assert.match(csp, /frame-ancestors 'none'/, where);
  assert.match(csp, /default-src '(none|self)'/, where);
  assert.doesNotMatch(csp, /unsafe-eval|\*/, where);
  assert.equal(response.headers['x-frame-options'], 'DENY', where);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', where);
  assert.match(String(response.headers['referrer-policy']), /^(no-referrer|same-origin)$/, where);
}

describe('security headers', () => {
  it('every HTML page carries CSP with frame-ancestors, X-Frame-Options, nosniff and a referrer policy; no HSTS over HTTP', async () => {
    for (const page of pages) {
      const response = await ctx.app.inject(page.url);
      assert.equal(response.statusCode, page.status, page.url);
      assertPageHeaders(response, page.csp, page.url);
      assert.equal(response.headers['strict-transport-security'], undefined, `${page.url}: HSTS over plain HTTP`);
    }
  });

  it('adds HSTS when the page went out over HTTPS (a trusted proxy says so)', async () => {
    for (const page of pages) {
      const response = await ctx.app.inject({ url: page.url, headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(response.statusCode, page.status, page.url);
      assertPageHeaders(response, page.csp, page.url);
      assert.equal(response.headers['strict-transport-security'], HSTS, page.url);
    }
  });

  it('the survey keeps a same-origin referrer policy (its form posts send Origin); the invite page sends none', async () => {
    assert.equal((await ctx.app.inject(pages[0].url)).headers['referrer-policy'], 'same-origin');
    assert.equal((await ctx.app.inject(pages[3].url)).headers['referrer-policy'], 'no-referrer');
  });

  it('JSON answers and Swagger UI assets are nosniff too', async () => {
    for (const url of ['/openapi.json', '/v2/data', '/no/such/route', '/docs/static/swagger-ui-bundle.js']) {
      const response = await ctx.app.inject(url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
    }
  });
});
