import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import { employeesRoutes } from './modules/employees/employees.routes.ts';
import { dataReturnRoutes } from './modules/data-return/routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { requestsRoutes } from './modules/requests/requests.routes.ts';
import { surveyRoutes } from './modules/survey/survey.routes.ts';
import { emailEventsRoutes } from './modules/email-events/email-events.routes.ts';
import { inboundRoutes } from './modules/connections/inbound.routes.ts';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.ts';
import { qaRoutes } from './modules/qa/qa.routes.ts';
import { coachingRoutes } from './modules/coaching/coaching.routes.ts';
import { metricsRoutes } from './modules/metrics/metrics.routes.ts';
import sessionAuthPlugin from './modules/sessions/session-auth.ts';
import { sessionsRoutes } from './modules/sessions/sessions.routes.ts';
import { digestRoutes } from './modules/digest/digest.routes.ts';
import { streamRoutes } from './modules/stream/stream.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { brandsRoutes } from './modules/brands/brands.routes.ts';
import { connectionsRoutes } from './modules/connections/connections.routes.ts';
import { alertsRoutes } from './modules/alerts/alerts.routes.ts';
import { mediaRoutes } from './modules/media/media.routes.ts';
import { profileRoutes } from './modules/employees/profile.routes.ts';
import authPlugin from './plugins/auth.ts';
import { fastifyConnectionOptions, limitConnections, serverTimeouts } from './plugins/connection-limits.ts';
import { frameworkErrors, registerErrorHandlers } from './plugins/errors.ts';
import { loggerOptions, requestLogger } from './plugins/logger.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { addNamedSchemas } from './plugins/named-schemas.ts';
import { serializersCompiledOnFirstUse } from './plugins/lazy-serializers.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import rateLimitPlugin from './plugins/rate-limit.ts';
import securityHeadersPlugin from './plugins/security-headers.ts';
import unreadBodyPlugin from './plugins/unread-body.ts';
import { webAppRoutes } from './plugins/web-app.ts';
import { registerValidators } from './plugins/validation.ts';
import type { Services } from './services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export type App = FastifyInstance;

export interface BuildAppOptions {
  /** Where logs go (tests capture them); defaults to stdout. */
  logStream?: NodeJS.WritableStream;
  /** Called for every route as it is registered (tests check the OpenAPI document against them). */
  onRoute?: (route: RouteOptions) => void;
}

/** The HTTP application with every module's routes; does not listen. */
export async function buildApp(config: Config, services: Services, options: BuildAppOptions = {}): Promise<App> {
  const https = config.tls ? { cert: fs.readFileSync(config.tls.certPath), key: fs.readFileSync(config.tls.keyPath), ...serverTimeouts(config) } : null;
  const app = Fastify({
    ...(https ? { https } : {}),
    ...fastifyConnectionOptions(config),
    trustProxy: config.trustProxy,
    logger: loggerOptions(config, options.logStream),
    childLoggerFactory: requestLogger,
    bodyLimit: 1024 * 1024,
    // Every log line of a request carries its id; a caller's X-Request-Id is kept, and echoed back.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    schemaController: { compilersFactory: { buildSerializer: serializersCompiledOnFirstUse } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  limitConnections(app.server, config);
  app.decorate('services', services);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  registerValidators(app);
  registerErrorHandlers(app);
  addNamedSchemas(app);
  await app.register(securityHeadersPlugin, { config });
  await app.register(unreadBodyPlugin);
  await app.register(authPlugin, { config });
  await app.register(sessionAuthPlugin, { config });
  await app.register(rateLimitPlugin, { config, telemetry: services.telemetry });
  await registerOpenApi(app, config);
  registerMetrics(app, services);

  await app.register(healthRoutes);
  await app.register(requestsRoutes);
  await app.register(dataReturnRoutes);
  await app.register(surveyRoutes, { prefix: '/s' });
  await app.register(emailEventsRoutes);
  await app.register(inboundRoutes);
  await app.register(webhooksRoutes);
  await app.register(employeesRoutes);
  await app.register(qaRoutes);
  await app.register(coachingRoutes);
  await app.register(metricsRoutes);
  await app.register(sessionsRoutes);
  await app.register(digestRoutes);
  await app.register(streamRoutes);
  await app.register(reportsRoutes);
  await app.register(brandsRoutes);
  await app.register(connectionsRoutes);
  await app.register(alertsRoutes);
  await app.register(mediaRoutes);
  await app.register(profileRoutes);
  await app.register(webAppRoutes, { distDir: config.webDistDir });

  app.addHook('onReady', () => services.start(app.log));
  app.addHook('onClose', () => services.close());
  return app;
}

/**
 * The HTTP side of `serve --role worker`: liveness, readiness and Prometheus metrics only
 * (the worker's emails, webhooks and pool figures), on PORT.
 */
export async function buildWorkerApp(config: Config, services: Services, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({ ...fastifyConnectionOptions(config), logger: loggerOptions(config, options.logStream), genReqId: () => randomUUID() });
  limitConnections(app.server, config);
  app.decorate('services', services);
  registerErrorHandlers(app);
  addNamedSchemas(app);
  registerMetrics(app, services);
  await app.register(healthRoutes);
  app.addHook('onReady', () => services.start(app.log));
  app.addHook('onClose', () => services.close());
  return app;
}
