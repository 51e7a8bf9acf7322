import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { AppError, NotFoundError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { operatorScope, type Scope } from '../access/scope.ts';
import type { Company } from '../companies/companies.repository.ts';
import type { RequestIntake } from '../requests/request-intake.ts';
import { ADAPTERS } from './adapters/index.ts';
import { mappingToInput } from './adapters/generic.ts';
import {
  type Connection,
  type ConnectionKind,
  type ConnectionOptions,
  type ConnectionSecrets,
  type EventReading,
  type HelpdeskAdapter,
  type InboundEvent,
  type RequestDraft,
} from './connection.types.ts';
import type { ConnectionEventRow, ConnectionRow, ConnectionsRepository, StoredSettings } from './connections.repository.ts';
import { isUniqueViolation } from './connections.repository.ts';
import type {
  ConnectionCreatedOut,
  ConnectionCreateIn,
  ConnectionDetailOut,
  ConnectionEventOut,
  ConnectionTryResultOut,
  ConnectionUpdateIn,
  ConnectionViewOut,
} from './connections.schemas.ts';
import { createHelpdeskClient, LookupError } from './helpdesk-client.ts';
import { applyCommonRules } from './common-rules.ts';
import { editedInput, readConnectionInput, type ConnectionSettings } from './connection-input.ts';
import { connectionView, eventView, isRetryable } from './connection-views.ts';

/** What POST /inbound/<public_id> answers. */
export interface InboundAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** What the service needs besides its repository. */
export interface ConnectionsDeps {
  company(companyId: number): Promise<Company | null>;
  /** Where requests are created (POST /v1/requests' intake). */
  intake: RequestIntake;
  /** POST /v1/requests' checks without storing (dry runs). */
  validateRequest(scope: Scope, body: unknown): Promise<string[]>;
}

const EVENTS_SHOWN = 50;
/** Statuses an event with the same key is taken again from (a redelivery after a refusal or failure). */
const RETRYABLE = ['refused', 'failed', 'unauthorized'];
/** When the outbox looks again at an event still pending (its process died mid-way): well after any lookup's timeout. */
const RECHECK_AFTER_MS = 10 * 60_000;

/** The scope requests of a connection are created in: the company's production data, or its test data. */
function connectionScope(company: Company, isTest: boolean): Scope {
  return isTest ? { ...operatorScope(company), testOnly: true } : operatorScope(company);
}

/** An Idempotency-Key (1-255 visible ASCII) for the request of one event of one connection. */
function idempotencyKey(connectionId: number, eventKey: string): string {
  return `connection-${connectionId}-${createHash('sha256').update(eventKey).digest('hex')}`;
}


/**
 * Helpdesk connections: creating them (secrets sealed), receiving their events (verified, read,
 * looked up, turned into feedback requests through POST /v1/requests' intake), and what became
 * of each event.
 */
export class ConnectionsService {
  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly box: SecretBox,
    private readonly config: Pick<Config, 'publicUrl' | 'webhookAllowPrivateNetworks' | 'integrations'>,
    private readonly deps: ConnectionsDeps,
  ) {}

  inboundUrl(publicId: string): string {
    return `${this.config.publicUrl}/inbound/${publicId}`;
  }

  async create(companyId: number, input: ConnectionCreateIn): Promise<ConnectionCreatedOut> {
    const company = await this.requireCompany(companyId);
    const publicId = randomBytes(24).toString('base64url');
    const { connection, stored } = await this.checked(company, readConnectionInput(company, input), { id: 0, publicId, createdAt: Date.now() });
    try {
      const row = await this.repository.create(companyId, { publicId, kind: connection.kind, ...stored });
      return this.createdView({ ...connection, id: row.id });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(connection.name);
      throw error;
    }
  }

  /** Changes a connection's settings; its kind and inbound URL stay. */
  async update(companyId: number, id: number, patch: ConnectionUpdateIn): Promise<ConnectionCreatedOut> {
    const company = await this.requireCompany(companyId);
    const current = await this.require(companyId, id);
    const { connection, stored } = await this.checked(company, readConnectionInput(company, editedInput(current, patch)), current);
    try {
      if (!(await this.repository.updateSettings(companyId, id, stored))) throw new NotFoundError(`no connection ${id}`);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(connection.name);
      throw error;
    }
    return this.createdView(connection);
  }

  /**
   * Settings read from input, checked (every field, the adapter's own rules, a name no other
   * connection of the company has), as a connection and as stored (secrets sealed).
   */
  private async checked(company: Company, settings: ConnectionSettings, base: Pick<Connection, 'id' | 'publicId' | 'createdAt'>): Promise<{ connection: Connection; stored: StoredSettings }> {
    const { errors, kind, adapter, name, apiBase, options, secrets } = settings;
    if (errors.length === 0) {
      const namesake = await this.repository.findByName(company.id, name);
      if (namesake && namesake.id !== base.id) throw nameTaken(name);
    }
    const connection: Connection = {
      ...base,
      companyId: company.id,
      kind,
      name,
      apiBase,
      apiUser: secrets.api_user ?? null,
      apiToken: secrets.api_token ?? null,
      signingSecret: secrets.signing_secret ?? null,
      options,
    };
    if (errors.length === 0) errors.push(...adapter.validate(connection));
    if (errors.length > 0) throw new AppError(400, errors.join('; '), errors);
    const hasSecrets = Object.values(secrets).some((value) => value !== undefined);
    return {
      connection,
      stored: {
        name,
        apiBase: apiBase?.replace(/\/+$/, '') ?? null,
        secrets: hasSecrets ? this.box.seal(JSON.stringify(secrets)) : null,
        options: JSON.stringify(options),
      },
    };
  }

  private createdView(connection: Connection): ConnectionCreatedOut {
    return { id: connection.id, kind: connection.kind, name: connection.name, inbound_url: this.inboundUrl(connection.publicId), signing_secret: connection.signingSecret };
  }

  async list(companyId: number): Promise<ConnectionViewOut[]> {
    const [rows, last] = await Promise.all([this.repository.list(companyId), this.repository.lastEvents(companyId)]);
    return rows.map((row) => connectionView(this.open(row), last.get(row.id) ?? null, this.inboundUrl(row.public_id)));
  }

  async detail(companyId: number, id: number, person: { email: string; name: string }): Promise<ConnectionDetailOut> {
    const connection = await this.require(companyId, id);
    const adapter = ADAPTERS[connection.kind];
    const events = await this.repository.events(companyId, id, EVENTS_SHOWN);
    return {
      connection: connectionView(connection, events[0] ?? null, this.inboundUrl(connection.publicId)),
      signing_secret: connection.signingSecret,
      mapping: connection.options.mapping ? mappingToInput(connection.options.mapping) : null,
      setup: adapter.setup(connection, this.inboundUrl(connection.publicId)),
      sample: adapter.sample(person, connection),
      events: events.map(eventView),
    };
  }

  async remove(companyId: number, id: number): Promise<void> {
    if (!(await this.repository.remove(companyId, id))) throw new NotFoundError(`no connection ${id}`);
  }

  async events(companyId: number, id: number, limit = EVENTS_SHOWN): Promise<ConnectionEventOut[]> {
    await this.require(companyId, id);
    return (await this.repository.events(companyId, id, Math.max(1, Math.min(limit, 500)))).map(eventView);
  }

  /** POST /inbound/<public_id>: verify, read, and make the request (or say why not). */
  async receive(publicId: string, event: InboundEvent): Promise<InboundAnswer> {
    const row = await this.repository.findByPublicId(publicId);
    const company = row ? await this.deps.company(row.company_id) : null;
    if (!row || !company) return { status: 404, body: { error: 'Not Found', message: 'No connection at this URL' } };
    const connection = this.open(row);
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
  async tryEvent(companyId: number, id: number, body: unknown, mode: 'dry-run' | 'test', person: { email: string; name: string }): Promise<ConnectionTryResultOut> {
    const connection = await this.require(companyId, id);
    const company = await this.requireCompany(companyId);
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

  /**
   * Reseals every connection's secrets and every alert rule's URL not sealed under the current
   * key (after INTEGRATION_SECRETS_KEY changed and the old key is listed as previous); returns how many.
   */
  async rekey(): Promise<number> {
    let count = 0;
    for (const row of await this.repository.allWithSecrets()) {
      if (row.secrets === null || this.box.isCurrent(row.secrets)) continue;
      await this.repository.setSecrets(row.company_id, row.id, this.box.seal(this.box.open(row.secrets)));
      count++;
    }
    for (const rule of await this.repository.allAlertUrls()) {
      if (this.box.isCurrent(rule.url)) continue;
      await this.repository.setAlertUrl(rule.company_id, rule.id, this.box.seal(this.box.open(rule.url)));
      count++;
    }
    return count;
  }

  /**
   * The outbox's retry of a pending event (its lookup failed, or the connection delays requests):
   * reads the stored body again and carries on. Throws LookupError when the helpdesk is still
   * down (the caller retries later); null when the event is no longer pending.
   */
  async retryEvent(companyId: number, eventId: number): Promise<InboundAnswer | null> {
    const row = await this.repository.findEvent(companyId, eventId);
    if (!row || row.status !== 'pending') return null;
    const connectionRow = await this.repository.find(companyId, row.connection_id);
    const company = await this.deps.company(companyId);
    if (!connectionRow || !company) {
      await this.settle(companyId, eventId, 'failed', 'the connection was removed');
      return { status: 404, body: { status: 'failed', reason: 'the connection was removed' } };
    }
    return this.rerun(this.open(connectionRow), company, row, 'throw');
  }

  /**
   * An admin's retry of a refused or failed event, once its cause is fixed (an employee activated,
   * the helpdesk's API back): its kept body is processed again, as a redelivery would be.
   */
  async retryRefused(companyId: number, connectionId: number, eventId: number): Promise<ConnectionEventOut> {
    const connection = await this.require(companyId, connectionId);
    const row = await this.repository.findEvent(companyId, eventId);
    if (!row || row.connection_id !== connectionId) throw new NotFoundError(`no event ${eventId} on connection ${connectionId}`);
    if (!isRetryable(row)) throw new AppError(409, `only a refused or failed event whose body was kept can be retried; event ${eventId} is ${row.status}`);
    const company = await this.requireCompany(companyId);
    const reopened = await this.repository.reopenEvent(companyId, eventId, { detail: null, processed_at: null }, [row.status], Date.now() + RECHECK_AFTER_MS);
    if (!reopened) throw new AppError(409, `event ${eventId} changed meanwhile; look at it again`);
    await this.rerun(connection, company, row, 'defer');
    return eventView((await this.repository.findEvent(companyId, eventId)) ?? row);
  }

  /** Reads a stored event body again and carries on from there. */
  private async rerun(connection: Connection, company: Company, row: ConnectionEventRow, onTransient: 'defer' | 'throw'): Promise<InboundAnswer> {
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

  /** Marks a pending event failed (the outbox gave up on it). */
  async giveUp(companyId: number, eventId: number, reason: string): Promise<void> {
    await this.repository.updateEvent(companyId, eventId, { status: 'failed', detail: reason, processed_at: Date.now() }, ['pending']);
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
  private async settle(companyId: number, eventId: number, status: 'skipped' | 'refused' | 'failed', detail: string): Promise<void> {
    await this.repository.updateEvent(companyId, eventId, { status, detail, ...(status === 'skipped' ? { body: null } : {}), processed_at: Date.now() });
  }

  private async require(companyId: number, id: number): Promise<Connection> {
    const row = await this.repository.find(companyId, id);
    if (!row) throw new NotFoundError(`no connection ${id}`);
    return this.open(row);
  }

  private async requireCompany(companyId: number): Promise<Company> {
    const company = await this.deps.company(companyId);
    if (!company) throw new NotFoundError(`no company ${companyId}`);
    return company;
  }

  /** The connection with its secrets opened. */
  private open(row: ConnectionRow): Connection {
    const secrets = row.secrets === null ? {} : parseJson<ConnectionSecrets>(this.box.open(row.secrets), {});
    return {
      id: row.id,
      companyId: row.company_id,
      publicId: row.public_id,
      kind: row.kind as ConnectionKind,
      name: row.name,
      apiBase: row.api_base,
      apiUser: secrets.api_user ?? null,
      apiToken: secrets.api_token ?? null,
      signingSecret: secrets.signing_secret ?? null,
      options: parseJson<ConnectionOptions>(row.options, {}),
      createdAt: row.created_at,
    };
  }

}

function nameTaken(name: string): AppError {
  return new AppError(409, `name "${name}" is already used by another connection of this company`);
}
