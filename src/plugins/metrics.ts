import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, collectDefaultMetrics, type Registry } from 'prom-client';
import type { OutboxStats } from '../outbox/outbox-stats.ts';

/** What /metrics reads from the process's services. */
export interface MetricsSources {
  /** The process's Prometheus registry. */
  metrics: Registry;
  outboxStats(): Promise<OutboxStats>;
}

/** GET /metrics in Prometheus text format (the services' registry), plus request counts and latency per route. */
export function registerMetrics(app: FastifyInstance, services: MetricsSources): void {
  const registry = services.metrics;
  // Several apps may share one set of services (tests, a second listener): register once.
  if (registry.getSingleMetric('http_requests_total')) return registerRoutes(app, registry);
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  let stats: Promise<OutboxStats> | null = null;
  const outboxStats = () => (stats ??= services.outboxStats().finally(() => setTimeout(() => (stats = null), 1000).unref()));
  new Gauge({
    name: 'outbox_pending',
    help: 'Outbox rows waiting to be delivered',
    registers: [registry],
    async collect() {
      this.set((await outboxStats()).pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest undelivered outbox row that is due',
    registers: [registry],
    async collect() {
      this.set((await outboxStats()).oldestAgeSeconds);
    },
  });

  registerRoutes(app, registry);
}

function registerRoutes(app: FastifyInstance, registry: Registry): void {
  const requests = registry.getSingleMetric('http_requests_total') as Counter<'route' | 'method' | 'status'>;
  const latency = registry.getSingleMetric('http_request_duration_seconds') as Histogram<'route' | 'method' | 'status'>;
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
