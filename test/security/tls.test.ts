import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DOCS_CSP, HSTS } from '../../src/plugins/security-headers.ts';
import { createEmployee, seedRequestBody } from '../helpers/factories.ts';
import { assertNoSecrets, createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { httpsRequest, selfSignedCertificate, type SelfSigned } from '../helpers/tls.ts';

let ctx: SecurityContext;
let cert: SelfSigned;
let server: ServerProcess;
before(async () => {
  ctx = await createSecurityContext();
  cert = selfSignedCertificate();
  server = await startServerProcess({ ...ctx.env, TLS_CERT: cert.certPath, TLS_KEY: cert.keyPath, REQUIRE_HTTPS: 'true', OUTBOX_WORKER: 'false' });
});
after(async () => {
  await server.stop();
  cert.remove();
  // Every request went to the child process; its logs are checked below.
  await ctx.close();
});

/** A plain-HTTP request to the TLS port: a status if the server answered at all, else the error code. */
function plainHttp(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    request.setTimeout(5000, () => request.destroy(new Error('timeout')));
  });
}

describe('TLS_CERT and TLS_KEY', () => {
  it('serve HTTPS directly with the given certificate, with HSTS, and accept API calls under REQUIRE_HTTPS', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const company = await ctx.company();
    const employee = await createEmployee(ctx.services, company.id);
    const created = await httpsRequest(`${server.url}/v1/requests`, cert.cert, {
      method: 'POST',
      headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' },
      body: JSON.stringify(seedRequestBody(employee, { brand: undefined })),
    });
    assert.equal(created.status, 200, created.body);
    assert.equal(created.headers['strict-transport-security'], HSTS);
    const { request_id } = JSON.parse(created.body);

    const data = await httpsRequest(`${server.url}/v2/data`, cert.cert, { headers: { 'x-api-key': company.api_key, authorization: await ctx.jwt(company) } });
    assert.equal(data.status, 200, data.body);
    assert.deepEqual(JSON.parse(data.body).map((row: { uuid: string }) => row.uuid), [request_id]);

    const docs = await httpsRequest(`${server.url}/docs/`, cert.cert);
    assert.equal(docs.status, 200);
    assert.equal(docs.headers['content-security-policy'], DOCS_CSP);
    assert.equal(docs.headers['strict-transport-security'], HSTS);
  });

  it('verifies as the generated certificate (a client trusting another CA refuses it)', async () => {
    const other = selfSignedCertificate();
    try {
      await assert.rejects(httpsRequest(`${server.url}/healthz`, other.cert), /self[- ]signed|certificate/i);
    } finally {
      other.remove();
    }
  });

  it('does not serve the API over plain HTTP on the TLS port', async () => {
    const outcome = await plainHttp(`${server.url.replace('https:', 'http:')}/openapi.json`);
    assert.ok(typeof outcome === 'string' || outcome >= 400, `plain HTTP got ${outcome}`);
  });

  it('logs at trace level without any credential', async () => {
    const output = server.output();
    assert.match(output, /"msg":"incoming request"/);
    assertNoSecrets(output, ctx.secrets, 'the TLS server logs');
  });
});
