import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { signJwt } from './helpers/jwt.ts';
import { createSecurityContext, type SecurityContext } from './helpers/security.ts';

/** The JWT time rules of src/plugins/auth.ts, probed 5 s either side of each limit. */
const MAX_AGE = 600;
const MARGIN = 5;
let ctx: SecurityContext;
let strict: CompanyCredentials;
let legacy: CompanyCredentials;

before(async () => {
  ctx = await createSecurityContext({ JWT_MAX_AGE: String(MAX_AGE) });
  strict = await ctx.company();
  legacy = await ctx.company();
  await ctx.services.companies.setSettings(legacy.subdomain, ['accept_legacy_jwt=true']);
});
after(() => ctx.closeAndCheckLogs());

const now = () => Math.floor(Date.now() / 1000);

async function statusWithIat(company: CompanyCredentials, iatOffsetSeconds: number): Promise<{ status: number; message?: string }> {
  const token = await signJwt(company.api_secret, { iat: now() + iatOffsetSeconds });
  ctx.remember('JWT', token);
  const response = await ctx.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: `Bearer ${token}` } });
  return { status: response.statusCode, message: response.statusCode === 403 ? response.json().message : undefined };
}

describe('JWT time boundaries', () => {
  it(`accepts an iat JWT_MAX_AGE - ${MARGIN} s old and refuses one JWT_MAX_AGE + ${MARGIN} s old`, async () => {
    for (const company of [strict, legacy]) {
      assert.equal((await statusWithIat(company, -(MAX_AGE - MARGIN))).status, 200);
      const outside = await statusWithIat(company, -(MAX_AGE + MARGIN));
      assert.equal(outside.status, 403);
      assert.match(outside.message ?? '', new RegExp(`older than ${MAX_AGE} seconds`));
    }
  });

  it(`accepts an iat up to 60 s ahead of the server clock and refuses 60 + ${MARGIN} s ahead`, async () => {
    assert.equal((await statusWithIat(strict, 60 - MARGIN)).status, 200);
    const outside = await statusWithIat(strict, 60 + MARGIN);
    assert.equal(outside.status, 403);
    assert.match(outside.message ?? '', /iat is in the future/);
  });

  it(`with accept_legacy_jwt, accepts an iat up to 14 h + 60 s ahead and refuses 14 h + 60 + ${MARGIN} s ahead`, async () => {
    const limit = 14 * 3600 + 60;
    assert.equal((await statusWithIat(legacy, limit - MARGIN)).status, 200);
    const outside = await statusWithIat(legacy, limit + MARGIN);
    assert.equal(outside.status, 403);
    assert.match(outside.message ?? '', /more than 14 hours in the future/);
  });
});
