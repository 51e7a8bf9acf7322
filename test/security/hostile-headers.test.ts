import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OutboxWorker } from '../../src/outbox/outbox-worker.ts';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee, seedRequestBody } from '../helpers/factories.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { csrfOf, fastWorker, requestBody, sendSurvey, surveyCompany } from '../helpers/survey.ts';

let ctx: SecurityContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let token: string;
before(async () => {
  sink = await startSmtpSink();
  ctx = await createSecurityContext({ SMTP_URL: sink.url, API_BASE_DOMAIN: 'api.example.com' });
  worker = fastWorker(ctx);
  const { company, agent } = await surveyCompany(ctx, ['suppression_days=0']);
  ctx.remember('credential', company.api_key, company.test_api_key, company.api_secret);
  const body = requestBody(agent);
  token = (await sendSurvey(ctx, sink, company.api_key, body)).token;
  ctx.remember('survey token', token);
});
after(async () => {
  await worker.stop();
  await ctx.closeAndCheckLogs();
  await sink.close();
});

const post = (url: string, form: Record<string, string>, cookie: string) =>
  ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: new URLSearchParams(form).toString() });

describe('an ac_csrf cookie or csrf field that is not one of ours', () => {
  const forms = (): { url: string; form: Record<string, string> }[] => [
    { url: `/s/${token}`, form: { rating: '1', shown_agent_star_rating: '1' } },
    { url: `/s/${token}/unsubscribe`, form: {} },
  ];
  const pairs: [cookie: string, csrf: string, what: string][] = [
    [`ac_csrf=${'a'.repeat(21)}é`, 'a'.repeat(22), 'a non-ASCII byte in the cookie'],
    [`ac_csrf=${'a'.repeat(22)}`, `${'a'.repeat(21)}é`, 'a non-ASCII character in the field'],
    [`ac_csrf=${'a'.repeat(20)}\u00ff\u00ff`, `${'a'.repeat(20)}ÿ`, 'equal byte lengths, different strings'],
    ['ac_csrf=', '', 'both empty'],
    [`ac_csrf=${'a'.repeat(30)}`, 'a'.repeat(30), 'equal but too long'],
  ];
  it('the survey and unsubscribe forms answer 403, never 500', async () => {
    for (const { url, form } of forms()) {
      for (const [cookie, csrf, what] of pairs) {
        const response = await post(url, { ...form, csrf }, cookie);
        assert.equal(response.statusCode, 403, `${url}, ${what}: ${response.body.slice(0, 200)}`);
      }
    }
  });

  it('the real cookie and field are still accepted', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: `/s/${token}/unsubscribe` });
    const { cookie, csrf } = csrfOf(page);
    const response = await post(`/s/${token}/unsubscribe`, { csrf }, cookie);
    assert.equal(response.statusCode, 200, response.body.slice(0, 200));
  });
});

describe('API_BASE_DOMAIN with the Host written another way', () => {
  let company: CompanyCredentials;
  let body: Record<string, unknown>;
  before(async () => {
    company = await createCompany(ctx.services);
    ctx.remember('credential', company.api_key, company.test_api_key, company.api_secret);
    const employee = await createEmployee(ctx.services, company.id);
    body = seedRequestBody({ email: employee.email, custom_id: null }, { brand: undefined });
  });
  const send = (host: string) =>
    ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': company.api_key, host, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  it("refuses a key on another company's subdomain however the host is written", async () => {
    for (const host of ['acme.api.example.com.', 'ACME.API.EXAMPLE.COM', 'Acme.Api.Example.Com.', 'acme.api.example.com.:443', 'acme.api.example.com:8080', 'acme.api.example.com..']) {
      const response = await send(host);
      assert.equal(response.statusCode, 403, `${host}: ${response.body}`);
      assert.match(response.json().message, /does not belong to this subdomain/);
    }
  });

  it("accepts the key on its own subdomain however the host is written", async () => {
    for (const host of [`${company.subdomain}.api.example.com`, `${company.subdomain}.api.example.com.`, `${company.subdomain.toUpperCase()}.API.EXAMPLE.COM.:443`]) {
      const response = await send(host);
      assert.equal(response.statusCode, 200, `${host}: ${response.body}`);
    }
  });
});
