import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import { operatorScope, type Scope } from '../access/scope.ts';
import type { Company } from '../companies/companies.repository.ts';
import type { RequestIntake } from '../requests/request-intake.ts';
import { ADAPTERS } from './adapters/index.ts';
import { applyCommonRules } from './common-rules.ts';
import type { Connection, EventReading, HelpdeskAdapter, InboundEvent, RequestDraft } from './connection.types.ts';
import type { ConnectionEventRow, ConnectionsRepository } from './connections.repository.ts';
import type { ConnectionTryResultOut } from './connections.schemas.ts';
import { createHelpdeskClient, LookupError } from './helpdesk-client.ts';

/** What POST /inbound/<public_id> answers. */
export interface InboundAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Where the pipeline's requests go. */
export interface PipelineDeps {
  /** Where requests are created (POST /v1/requests' intake). */
  intake: RequestIntake;
  /** POST /v1/requests' checks without storing (dry runs). */
  validateRequest(scope: Scope, body: unknown): Promise<string[]>;
}

/** Statuses an event with the same key is taken again from (a redelivery after a refusal or failure). */
const RETRYABLE = ['refused', 'failed', 'unauthorized'];
/** When the outbox looks again at an event still pending (its process died mid-way): well after any lookup's timeout. */
export const RECHECK_AFTER_MS = 10 * 60_000;

/** The scope requests of a connection are created in: the company's production data, or its test data. */
function connectionScope(company: Company, isTest: boolean): Scope {
  return isTest ? { ...operatorScope(company), testOnly: true } : operatorScope(company);
}

/** An Idempotency-Key (1-255 visible ASCII) for the request of one event of one connection. */
function idempotencyKey(connectionId: number, eventKey: string): string {
  return `connection-${connectionId}-${createHash('sha256').update(eventKey).digest('hex')}`;
}

/**
 * What becomes of a helpdesk event once its connection is known: verified, read, looked up
 * through the helpdesk's API where it names only ids, turned into a feedback request through
 * POST /v1/requests' intake (or skipped, refused, or deferred to the outbox), and logged.
 */
export class EventPipeline {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly config: Pick<Config, 'webhookAllowPrivateNetworks' | 'integrations'>,
    private readonly deps: PipelineDeps,
  ) {}

  /** POST /inbound/<public_id> once its connection is known: verify, read, and make the request (or say why not). */
  async inbound(connection: Connection, company: Company, event: InboundEvent): Promise<InboundAnswer> {
    const adapter = ADAPTERS[connection.kind];
    const unauthorized = adapter.verify(connection, event);
    if (unauthorized !== null) {
      await this.repository.logRejection(company.id, { connectionId: connection.id, eventType: 'unknown', status: 'unauthorized', detail: unauthorized, receivedAt: event.receivedAt });
      return { status: 401, body: { error: 'Unauthorized', message: unauthorized } };
    }
    if (event.body === undefined) return { status: 400, body: { validation_errors: ['the body must be JSON'] } };
    const reading = this.read(adapter, connection, event);
    if ('problem' in reading) {
      await this.repository.logRejection(company.id, { connectionId: connection.id, eventType: 'unknown', status: 'refused', detail: reading.problem, receivedAt: event.receivedAt });
      return { status: 400, body: { validation_errors: [reading.problem] } };
    }
    return this.handle(connection, company, reading, event, false);
  }

  /**
   * What an event would become (`dry-run`: read, looked up, checked, nothing stored), or becomes as
   * a test request (`test`: stored as test data, logged as a test event; no signature needed, as
   * the admin asks). The body defaults to the kind's sample naming `person`.
   */
  async tryEvent(connection: Connection, company: Company, body: unknown, mode: 'dry-run' | 'test', person: { email: string; name: string }): Promise<ConnectionTryResultOut> {
    const adapter = ADAPTERS[connection.kind];
    const payload = body === undefined ? adapter.sample(person, connection) : body;
    const event: InboundEvent = { rawBody: Buffer.from(JSON.stringify(payload) ?? 'null'), body: payload, headers: {}, receivedAt: Date.now() };
    const none = { event_type: null, event_key: null, request: null, request_id: null, reason: null, errors: [] as string[] };
    const reading = this.read(adapter, connection, event);
    if ('problem' in reading) return { ...none, outcome: 'refused', reason: reading.problem, errors: [reading.problem] };
    const base = { ...none, event_type: reading.eventType, event_key: reading.action === 'request' ? reading.eventKey : (reading.eventKey ?? null) };
    if (mode === 'test') {
      const testReading = reading.action === 'request' ? { ...reading, eventKey: `test:${randomBytes(12).toString('base64url')}` } : reading;
      const answer = await this.handle(connection, company, testReading, event, true);
      const status = String(answer.body.status ?? (answer.status === 400 ? 'refused' : 'failed'));
      const errors = Array.isArray(answer.body.validation_errors) ? (answer.body.validation_errors as string[]) : [];
      return {
        ...base,
        event_key: testReading.action === 'request' ? testReading.eventKey : base.event_key,
        outcome: (['created', 'skipped', 'pending', 'failed'].includes(status) ? status : 'refused') as ConnectionTryResultOut['outcome'],
        request_id: typeof answer.body.request_id === 'string' ? answer.body.request_id : null,
        reason: typeof answer.body.reason === 'string' ? answer.body.reason : errors.length > 0 ? errors.join('; ') : null,
        errors,
      };
    }
    if (reading.action === 'skip') return { ...base, outcome: 'skipped', reason: reading.reason };
    let draft: RequestDraft;
    try {
      const resolved = await this.resolve(connection, reading);
      if ('skip' in resolved) return { ...base, outcome: 'skipped', reason: resolved.skip };
      draft = resolved.draft;
    } catch (error) {
      const message = error instanceof LookupError ? error.message : `the lookup failed: ${(error as Error).message}`;
      return { ...base, outcome: 'failed', reason: message, errors: [message] };
    }
    const request = applyCommonRules(draft, connection.options, company);
    const errors = await this.deps.validateRequest(connectionScope(company, false), request);
    return { ...base, outcome: errors.length > 0 ? 'refused' : 'request', request: request as unknown as Record<string, unknown>, reason: errors.length > 0 ? errors.join('; ') : null, errors };
  }

  /** Reads a stored event body again and carries on from there. */
  async rerun(connection: Connection, company: Company, row: ConnectionEventRow, onTransient: 'defer' | 'throw'): Promise<InboundAnswer> {
    const event: InboundEvent = { rawBody: Buffer.from(row.body ?? '', 'utf8'), body: parseJson<unknown>(row.body, undefined), headers: {}, receivedAt: row.received_at };
    const reading = this.read(ADAPTERS[connection.kind], connection, event);
    if ('problem' in reading) {
      await this.settle(company.id, row.id, 'failed', reading.problem);
      return { status: 400, body: { status: 'failed', reason: reading.problem } };
    }
    if (reading.action === 'skip') {
      await this.settle(company.id, row.id, 'skipped', reading.reason);
      return { status: 202, body: { status: 'skipped', reason: reading.reason } };
    }
    return this.process(connection, company, row.id, { ...reading, eventKey: row.event_key ?? reading.eventKey }, row.is_test === 1, onTransient);
  }

  private read(adapter: HelpdeskAdapter, connection: Connection, event: InboundEvent): EventReading | { problem: string } {
    try {
      return adapter.read(connection, event);
    } catch (error) {
      return { problem: `the event could not be read: ${(error as Error).message}` };
    }
  }

  /** Logs the event once per key, and makes its request unless it is a redelivery. */
  private async handle(connection: Connection, company: Company, reading: EventReading, event: InboundEvent, isTest: boolean): Promise<InboundAnswer> {
    const now = Date.now();
    if (reading.action === 'skip') {
      const { event: row, existing } = await this.repository.insertEvent(company.id, {
        connectionId: connection.id,
        eventKey: reading.eventKey ?? null,
        eventType: reading.eventType,
        status: 'skipped',
        detail: reading.reason,
        isTest,
        body: null,
        receivedAt: event.receivedAt,
      });
      if (existing) await this.repository.countDelivery(company.id, row.id, now);
      return { status: 202, body: { status: 'skipped', reason: reading.reason } };
    }
    const body = event.rawBody.toString('utf8');
    const delay = connection.options.delay_minutes ?? 0;
    const waiting = delay > 0 ? `waiting ${delay} minute${delay === 1 ? '' : 's'} before making the request` : null;
    // The outbox row the event gets with it: due when the delay is over or, without one, a recheck
    // in case this process dies before the event is settled (it then finds nothing to do).
    const dueAt = now + (delay > 0 ? delay * 60_000 : RECHECK_AFTER_MS);
    const { event: row, existing } = await this.repository.insertEvent(company.id, {
      connectionId: connection.id,
      eventKey: reading.eventKey,
      eventType: reading.eventType,
      status: 'pending',
      detail: waiting,
      isTest,
      body,
      receivedAt: event.receivedAt,
    }, dueAt);
    if (existing) {
      const retry = RETRYABLE.includes(row.status)
        && (await this.repository.reopenEvent(
          company.id,
          row.id,
          { event_type: reading.eventType, detail: waiting, body, is_test: isTest ? 1 : 0, deliveries: row.deliveries + 1, last_received_at: now, processed_at: null },
          [row.status],
          dueAt,
        ));
      if (!retry) {
        await this.repository.countDelivery(company.id, row.id, now);
        if (row.status === 'pending') return { status: 202, body: { status: 'pending', duplicate: true } };
        return { status: 200, body: { status: 'duplicate', request_id: row.request_id } };
      }
    }
    if (delay > 0) return { status: 202, body: { status: 'pending' } };
    return this.process(connection, company, row.id, reading, isTest, 'defer');
  }

  /**
   * Looks the event up if it needs it, applies the common rules and makes the request. A helpdesk
   * that is down (a transient LookupError) defers the event to the outbox (`defer`), or rethrows
   * for the outbox to retry (`throw`). No transaction is held across the lookup.
   */
  private async process(
    connection: Connection,
    company: Company,
    eventId: number,
    reading: Extract<EventReading, { action: 'request' }>,
    isTest: boolean,
    onTransient: 'defer' | 'throw',
  ): Promise<InboundAnswer> {
    let draft: RequestDraft;
    try {
      const resolved = await this.resolve(connection, reading, eventId);
      if ('skip' in resolved) {
        await this.settle(company.id, eventId, 'skipped', resolved.skip);
        return { status: 202, body: { status: 'skipped', reason: resolved.skip } };
      }
      draft = resolved.draft;
    } catch (error) {
      const lookup = error instanceof LookupError ? error : new LookupError(`the lookup failed: ${(error as Error).message}`, false);
      if (lookup.transient) {
        if (onTransient === 'throw') {
          await this.repository.updateEvent(company.id, eventId, { detail: lookup.message });
          throw lookup;
        }
        await this.repository.deferEvent(company.id, eventId, { detail: lookup.message }, Date.now());
        return { status: 202, body: { status: 'pending', reason: lookup.message } };
      }
      await this.settle(company.id, eventId, 'failed', lookup.message);
      return { status: 202, body: { status: 'failed', reason: lookup.message } };
    }
    const request = applyCommonRules(draft, connection.options, company);
    try {
      const created = await this.deps.intake.submit('/v1/requests', connectionScope(company, isTest), JSON.stringify(request), idempotencyKey(connection.id, reading.eventKey));
      await this.repository.updateEvent(company.id, eventId, { status: 'created', detail: null, request_id: created.request_id, body: null, processed_at: Date.now() });
      return { status: 200, body: { status: 'created', request_id: created.request_id } };
    } catch (error) {
      if (!(error instanceof AppError)) {
        // Not the event's fault: a redelivery may try again.
        if (onTransient === 'defer') await this.settle(company.id, eventId, 'failed', 'the request could not be stored; a redelivery will try again').catch(() => {});
        throw error;
      }
      const errors = error.errors.length > 0 ? error.errors : [error.message];
      await this.settle(company.id, eventId, 'refused', errors.join('; '));
      return { status: 400, body: { validation_errors: errors } };
    }
  }

  /** The draft of a reading, looked up through the helpdesk's API when the event only names ids. */
  private async resolve(connection: Connection, reading: Extract<EventReading, { action: 'request' }>, eventId?: number): Promise<{ draft: RequestDraft } | { skip: string }> {
    if ('draft' in reading) return { draft: reading.draft };
    if (!connection.apiBase) throw new LookupError('the connection has no api_base to look the event up with', false);
    if (eventId !== undefined) await this.repository.addAttempt(connection.companyId, eventId);
    const client = createHelpdeskClient(connection.apiBase, ADAPTERS[connection.kind].apiHeaders(connection), {
      allowPrivateNetworks: this.config.webhookAllowPrivateNetworks,
      timeoutMs: this.config.integrations.lookupTimeoutMs,
    });
    return reading.lookup(client);
  }

  /** Settles an event; a refused or failed one keeps its body, so an admin can retry it. */
  async settle(companyId: number, eventId: number, status: 'skipped' | 'refused' | 'failed', detail: string): Promise<void> {
    await this.repository.updateEvent(companyId, eventId, { status, detail, ...(status === 'skipped' ? { body: null } : {}), processed_at: Date.now() });
  }
}
