import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { DOCS_CSP } from './security-headers.ts';

/**
 * The OpenAPI 3.1 document, generated from the route schemas, at GET /openapi.json, and
 * an interactive reference (Swagger UI, served from the package, no CDN) at GET /docs.
 * Must be registered before the routes it documents.
 */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Agent Connect API',
        version: '1.0.0',
        description:
          'Feedback requests, service recovery, data return and provisioning. Wire-compatible with the published Agent Connect API.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Production or test API key. The test key is a sandbox: it sees only test interactions and what belongs to them (and the shared configuration), and a write that would change production data answers 403' },
          basic: {
            type: 'http',
            scheme: 'basic',
            description:
              'On POST /v1/requests, /v1/recoveries and /v1/requests/batch, instead of x-api-key: username "connect", password the production or test API key. When both are sent, x-api-key is used.',
          },
          jwt: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: "An HS256 JWT signed with the company's API secret, carrying iat (bare, or as Bearer <JWT> or JWT <JWT>)",
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
