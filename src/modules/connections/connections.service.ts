import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { AppError, NotFoundError } from '../../lib/errors.ts';
import { parseJson } from '../../lib/json.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Company } from '../companies/companies.repository.ts';
import { ADAPTERS } from './adapters/index.ts';
import { mappingToInput } from './adapters/generic.ts';
import type { Connection, ConnectionKind, ConnectionOptions, ConnectionSecrets, InboundEvent } from './connection.types.ts';
import type { ConnectionRow, ConnectionsRepository, StoredSettings } from './connections.repository.ts';
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
import { editedInput, readConnectionInput, type ConnectionSettings } from './connection-input.ts';
import { connectionView, eventView, isRetryable } from './connection-views.ts';
import { EventPipeline, RECHECK_AFTER_MS, type InboundAnswer, type PipelineDeps } from './event-pipeline.ts';

/** What the service needs besides its repository. */
export interface ConnectionsDeps extends PipelineDeps {
  company(companyId: number): Promise<Company | null>;
}

const EVENTS_SHOWN = 50;

/**
 * Helpdesk connections: creating and changing them (secrets sealed), finding the connection an
 * event is for (the event pipeline does the rest), retries, and what became of each event.
 */
export class ConnectionsService {
  private readonly pipeline: EventPipeline;

  constructor(
    private readonly repository: ConnectionsRepository,
    private readonly box: SecretBox,
    private readonly config: Pick<Config, 'publicUrl' | 'webhookAllowPrivateNetworks' | 'integrations'>,
    private readonly deps: ConnectionsDeps,
  ) {
    this.pipeline = new EventPipeline(repository, config, deps);
  }

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

  /** POST /inbound/<public_id>: the connection it names, then the event pipeline (or 404). */
  async receive(publicId: string, event: InboundEvent): Promise<InboundAnswer> {
    const row = await this.repository.findByPublicId(publicId);
    const company = row ? await this.deps.company(row.company_id) : null;
    if (!row || !company) return { status: 404, body: { error: 'Not Found', message: 'No connection at this URL' } };
    return this.pipeline.inbound(this.open(row), company, event);
  }

  /**
   * What an event would become (`dry-run`: nothing stored), or becomes as a test request (`test`).
   * The body defaults to the kind's sample naming `person`.
   */
  async tryEvent(companyId: number, id: number, body: unknown, mode: 'dry-run' | 'test', person: { email: string; name: string }): Promise<ConnectionTryResultOut> {
    return this.pipeline.tryEvent(await this.require(companyId, id), await this.requireCompany(companyId), body, mode, person);
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
      await this.pipeline.settle(companyId, eventId, 'failed', 'the connection was removed');
      return { status: 404, body: { status: 'failed', reason: 'the connection was removed' } };
    }
    return this.pipeline.rerun(this.open(connectionRow), company, row, 'throw');
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
    await this.pipeline.rerun(connection, company, row, 'defer');
    return eventView((await this.repository.findEvent(companyId, eventId)) ?? row);
  }

  /** Marks a pending event failed (the outbox gave up on it). */
  async giveUp(companyId: number, eventId: number, reason: string): Promise<void> {
    await this.repository.updateEvent(companyId, eventId, { status: 'failed', detail: reason, processed_at: Date.now() }, ['pending']);
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
