import { randomBytes } from 'node:crypto';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import { isHttpUrl } from '../../lib/validators.ts';
import type { Scope } from '../access/scope.ts';
import { TEST_KEY_REFUSAL } from '../companies/test-key-policy.ts';
import type { DeliveryPolicy } from './webhook-delivery.ts';
import { privateTargetProblem } from './webhook-target.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow, WebhooksRepository } from './webhooks.repository.ts';

export interface EndpointView {
  id: number;
  url: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function endpointView(row: WebhookEndpointRow): EndpointView {
  return {
    id: Number(row.id),
    url: row.url,
    events: parseJson<string[]>(row.events, []),
    enabled: row.enabled === 1,
    disabled_reason: row.disabled_reason,
    failing_since: iso(row.failing_since),
    created_at: iso(row.created_at)!,
  };
}

function deliveryView(row: WebhookDeliveryRow) {
  return {
    id: Number(row.id),
    message_id: row.message_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    response_status: row.response_status,
    last_error: row.last_error,
    created_at: iso(row.created_at),
    last_attempt_at: iso(row.last_attempt_at),
    delivered_at: iso(row.delivered_at),
  };
}

/**
 * Registering webhook endpoints and reading their delivery log. Each key has its own endpoints
 * (the scope's `testOnly`: the test key's): they receive the events of its kind of interactions only.
 */
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly policy: DeliveryPolicy,
    private readonly maxEndpoints = 20,
  ) {}

  /** Registers an endpoint; its signing secret is returned once. */
  async create(scope: Scope, input: { url: unknown; events: unknown }): Promise<EndpointView & { secret: string }> {
    const errors: string[] = [];
    if (typeof input.url !== 'string' || !isHttpUrl(input.url)) errors.push('url must be an http or https URL');
    else if (!this.policy.allowPrivateNetworks) {
      const problem = privateTargetProblem(new URL(input.url));
      if (problem) errors.push(`url must be reachable on the internet: ${problem}`);
    }
    const events = Array.isArray(input.events) ? input.events : [];
    if (events.length === 0) errors.push(`events must list at least one of: ${WEBHOOK_EVENTS.join(', ')}`);
    for (const event of events) {
      if (!WEBHOOK_EVENTS.includes(event)) errors.push(`events: "${String(event)}" is not one of ${WEBHOOK_EVENTS.join(', ')}`);
    }
    if (errors.length > 0) throw new UnprocessableError(errors);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = await this.repository.createEndpoint(scope.company.id, input.url as string, [...new Set(events)] as WebhookEvent[], secret, this.maxEndpoints, scope.testOnly);
    if (!row) throw new UnprocessableError([this.limitMessage()]);
    return { ...endpointView(row), secret };
  }

  async list(scope: Scope): Promise<EndpointView[]> {
    return (await this.repository.listEndpoints(scope.company.id, scope.testOnly)).map(endpointView);
  }

  async setEnabled(scope: Scope, endpointId: number, enabled: boolean): Promise<EndpointView> {
    const { company: { id: companyId }, testOnly } = scope;
    const existing = await this.repository.findEndpoint(companyId, endpointId);
    if (testOnly && existing?.is_test === 0) throw new ForbiddenError(TEST_KEY_REFUSAL);
    const endpoint = await this.require(companyId, endpointId, testOnly);
    if (enabled && endpoint.enabled !== 1 && (await this.repository.countEnabled(companyId)) >= this.maxEndpoints) {
      throw new UnprocessableError([this.limitMessage()]);
    }
    await this.repository.setEnabled(companyId, endpointId, enabled, enabled ? null : 'disabled by the company');
    return endpointView((await this.repository.findEndpoint(companyId, endpointId))!);
  }

  async deliveries(scope: Scope, endpointId: number, limit = 100, before?: number) {
    await this.require(scope.company.id, endpointId, scope.testOnly);
    return (await this.repository.deliveries(scope.company.id, endpointId, limit, before)).map(deliveryView);
  }

  private limitMessage(): string {
    return `a company may have at most ${this.maxEndpoints} enabled webhook endpoints; disable one first`;
  }

  /** The endpoint, if it is one of the caller's key: the other key's endpoints are not found. */
  private async require(companyId: number, endpointId: number, testOnly: boolean): Promise<WebhookEndpointRow> {
    const endpoint = await this.repository.findEndpoint(companyId, endpointId);
    if (!endpoint || endpoint.is_test !== (testOnly ? 1 : 0)) throw new NotFoundError(`no webhook endpoint ${endpointId}`);
    return endpoint;
  }
}
