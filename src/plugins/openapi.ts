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
        description: API_DESCRIPTION,
        contact: { name: 'The operator of this Agent Connect server', url: `${config.publicUrl}/docs` },
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: config.publicUrl, description: 'This server (PUBLIC_URL)' }],
      tags: TAGS,
      components: {
        securitySchemes: {
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'x-api-key',
            description:
              'Production or test API key. The test key is a sandbox: it sees only test interactions and what belongs to them (and the shared configuration), and a write that would change production data answers 403.',
          },
          basic: {
            type: 'http',
            scheme: 'basic',
            description:
              'On POST /v1/requests, /v1/recoveries and /v1/requests/batch, instead of x-api-key: username `connect`, password the production or test API key (`Authorization: Basic base64(connect:<api key>)`). When both are sent, x-api-key is used.',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ac_session',
            description:
              'The web app session cookie set by POST /app/api/session (HttpOnly, SameSite=Lax, Secure under HTTPS). POST, PUT, PATCH and DELETE made with it also need the session\'s CSRF token in `x-csrf-token`.',
          },
          jwt: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: jwtDescription(config.jwtMaxAgeSeconds),
          },
        },
      },
    },
    // Named schemas (plugins/named-schemas.ts) keep their names in components/schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

const API_DESCRIPTION = `Feedback requests, service recovery, data return, provisioning, QA and coaching. Wire-compatible with the published Agent Connect API.

**Credentials.** Every call sends the company's API key in \`x-api-key\` (the ingestion routes also take it as HTTP Basic). Data return, provisioning, webhooks, QA, coaching and external metrics also need a JWT in \`Authorization\` (see the \`jwt\` security scheme).

**Paging by sequence_id.** Every record of a data-return feed carries a \`sequence_id\`, which grows each time the record changes. Feeds answer records in ascending \`sequence_id\` order: pass the last \`sequence_id\` you received as \`after\` to get the next page, and stop when a page is empty. A record changed since you read it comes back later with a new \`sequence_id\`; paging this way never misses a committed change.

**Idempotency.** \`POST /v1/requests\` and \`/v1/recoveries\` take an \`Idempotency-Key\` header: a retry with the same key and body answers the original \`request_id\` instead of creating a second request (keys are kept 24 hours).

**Errors.** Refusals are JSON naming the problem (\`{"error", "message"}\`; the ingestion routes answer \`{"validation_errors": [...]}\`), except the rate limit: 429 with the plain text \`Retry Later\` and \`Retry-After\`.`;

const jwtDescription = (maxAgeSeconds: number) => `An HS256 JWT signed with the company's API secret, sent with the company's \`x-api-key\`. The payload needs only \`iat\` (issued at, in seconds): for example, with the \`jose\` package, \`await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(apiSecret))\`, or in Python \`jwt.encode({"iat": int(time.time())}, api_secret, algorithm="HS256")\`. A token is accepted until its \`iat\` is ${maxAgeSeconds} seconds old (JWT_MAX_AGE), and up to 60 seconds ahead of the server clock. \`Authorization\` may carry the token bare (as the published clients send it), or as \`Bearer <token>\` or \`JWT <token>\`. A company with \`accept_legacy_jwt\` also accepts a token without \`iat\`, or with an \`iat\` up to 14 hours ahead.`;

/** The groups of operations, in the order the reference shows them. */
const TAGS = [
  { name: 'Feedback requests', description: 'Ask a customer for feedback on the agent who helped them: one request, or up to 1,000 in a batch. The survey email goes out unless `do_not_send` is set.' },
  { name: 'Service recovery', description: 'A follow-up survey linked to a first feedback request, for customers whose first experience went wrong.' },
  { name: 'Data return', description: 'Every interaction, request and survey response of the company, paged by `sequence_id` (pass the last one seen as `after`), at most 1,000 per page unless stated, rate limited per API key.' },
  { name: 'User provisioning', description: 'Create, invite, update, activate and deactivate the employees (agents, team leaders, reviewers) of the company, from an HR or workforce system.' },
  { name: 'QA', description: 'Quality assurance: scorecards, reviews of interactions graded on them, audits of reviews, and calibrations. Feeds are paged by `sequence_id`.' },
  { name: 'Coaching', description: '1:1 coaching sessions between a coach and an employee, with action items, kudos and attachments. The feed is paged by `sequence_id`.' },
  { name: 'External metrics', description: 'Metrics from other systems (workforce management, helpdesk) stored per employee and date, to attach to coaching sessions and reports.' },
  { name: 'Reports', description: "Metrics of a period (responses, response rate, star average, CSAT, NPS, FCR, QA score, coaching, service recovery) by employee, team, group, channel, brand, tag, day, week or month, in the company's time zone, as JSON or CSV." },
  { name: 'Webhooks', description: 'Endpoints that receive events (a new response, a finished survey...) as signed POSTs (Standard Webhooks), with their delivery log.' },
  { name: 'Web app', description: 'The JSON API of the web app, for employees signed in with email and password: a session cookie plus, on POST, PUT, PATCH and DELETE, the CSRF token in `x-csrf-token`.' },
  { name: 'Health', description: 'Liveness and readiness probes for load balancers and orchestrators; no credentials.' },
];
