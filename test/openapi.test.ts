import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let app: App;
const routes: { method: string; url: string; hidden: boolean }[] = [];
before(async () => {
  ctx = await createTestContext();
  // A second app on the same services, watching every route as it is registered.
  app = await buildApp(ctx.config, ctx.services, {
    onRoute: (route) => {
      const methods = ([] as string[]).concat(route.method);
      for (const method of methods) {
        if (method === 'HEAD') continue;
        routes.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
      }
    },
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await ctx.close();
});

describe('GET /openapi.json', () => {
  it('documents every public route, with its security and responses', async () => {
    const response = await app.inject('/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.components.securitySchemes.apiKey && doc.components.securitySchemes.jwt);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const publicRoutes = routes.filter((r) => !r.hidden && !r.url.startsWith('/docs'));
    assert.ok(publicRoutes.length > 30, `${publicRoutes.length} routes`);
    const missing = publicRoutes
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
      .filter((key) => !documented.has(key));
    assert.deepEqual(missing, []);
    for (const path of ['/v1/requests', '/v2/data', '/v2/employees', '/v2/qa', '/v2/webhooks']) assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/v1/requests'].post.responses['400']);
    assert.ok(doc.paths['/v1/requests'].post.requestBody.content['application/json'].example, 'the seed example');
  });

  it('serves the interactive reference without a CDN', async () => {
    const page = await app.inject('/docs/');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /https?:\/\/(cdn|unpkg|jsdelivr)/);
  });
});
