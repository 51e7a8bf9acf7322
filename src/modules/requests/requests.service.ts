import { uuidv7 } from '../../lib/uuid.ts';
import type { EmployeeRow, InteractionRow } from '../../db/schema.ts';
import { AppError, RequestValidationError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/validators.ts';
import type { Scope } from '../access/scope.ts';
import type { EmployeeLookup, EmployeeRef } from '../employees/employee-lookup.ts';
import type { InteractionWriter, PendingInteraction } from '../interactions/interaction-types.ts';
import type { InteractionsRepository } from '../interactions/interactions.repository.ts';
import { compileBodyValidator } from '../../plugins/validation.ts';
import type { Created, IntakeEndpoint, RequestIntake } from './request-intake.ts';
import { requestHash, storedIdempotencyKey, type IdempotencyClaim, type IdempotencyRepository } from './idempotency.ts';
import { readJsonBody, type Body } from './request-body.ts';
import { FieldChecks, text, truncateStrings } from './request-fields.ts';
import { FeedbackRequestBody, RecoveryRequestBody } from './requests.schemas.ts';

const DELIVERY_PENDING = 'Pending';
const DELIVERY_DO_NOT_SEND = 'Do Not Send';

const bodyValidators: Record<IntakeEndpoint, (value: unknown) => string[]> = {
  '/v1/requests': compileBodyValidator(FeedbackRequestBody),
  '/v1/recoveries': compileBodyValidator(RecoveryRequestBody),
};

/**
 * POST /v1/requests and /v1/recoveries: validate everything at once, resolve the
 * employee (and the initial request), then store through the group-commit writer.
 */
export class RequestsService implements RequestIntake {
  constructor(
    private readonly employees: EmployeeLookup,
    private readonly interactions: InteractionsRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly writer: InteractionWriter,
  ) {}

  /** A body sent as text: read and checked against the endpoint's schema, then created (once per Idempotency-Key). */
  async submit(endpoint: IntakeEndpoint, scope: Scope, text: string | undefined, idempotencyKey: string | undefined): Promise<Created> {
    const { body, schemaErrors } = readJsonBody(text, bodyValidators[endpoint]);
    const claim = idempotencyKey === undefined ? undefined : { key: storedIdempotencyKey(scope, idempotencyKey), hash: requestHash(endpoint, scope, body) };
    return this.once(scope, claim, () =>
      endpoint === '/v1/requests' ? this.feedbackRequest(scope, body, schemaErrors, claim) : this.recovery(scope, body, schemaErrors, claim),
    );
  }

  /** POST /v1/requests/batch: each item validated and stored on its own, answered in input order. */
  async createFeedbackRequests(scope: Scope, bodies: unknown[]) {
    return Promise.all(
      bodies.map(async (body) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body)) return { validation_errors: ['request must be a JSON object'] };
        try {
          return await this.feedbackRequest(scope, body as Body, bodyValidators['/v1/requests'](body));
        } catch (error) {
          if (error instanceof RequestValidationError) return { validation_errors: error.errors };
          throw error;
        }
      }),
    );
  }

  /**
   * With an Idempotency-Key, a request already made answers its original request_id and
   * stores nothing; the key is claimed in the same transaction as the interaction, so of
   * two concurrent requests with one key only one is stored.
   */
  private async once(scope: Scope, claim: IdempotencyClaim | undefined, create: () => Promise<Created>): Promise<Created> {
    if (!claim) return create();
    const earlier = await this.idempotency.replay(scope.company.id, claim);
    if (earlier) return { request_id: earlier };
    try {
      return await create();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const winner = await this.idempotency.replay(scope.company.id, claim);
      if (winner) return { request_id: winner };
      throw error;
    }
  }

  /**
   * The problems POST /v1/requests would answer for this body, without storing anything (a
   * connection's dry run); empty when it would be created.
   */
  async validateFeedbackRequest(scope: Scope, body: unknown): Promise<string[]> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['request must be a JSON object'];
    try {
      await this.checkFeedbackRequest(scope, body as Body, bodyValidators['/v1/requests'](body));
      return [];
    } catch (error) {
      if (error instanceof RequestValidationError) return error.errors;
      throw error;
    }
  }

  private async feedbackRequest(scope: Scope, received: Body, schemaErrors: string[], claim?: IdempotencyClaim): Promise<Created> {
    return this.store(scope, await this.checkFeedbackRequest(scope, received, schemaErrors), claim);
  }

  /** The fields a feedback request stores, or RequestValidationError with every problem. */
  private async checkFeedbackRequest(scope: Scope, received: Body, schemaErrors: string[]): Promise<StoreFields> {
    const body = truncateStrings(received);
    const checks = new FieldChecks(scope.company);
    const customer = (isObject(body.customer) ? body.customer : {}) as Body;
    const channel = checks.channel(body.channel);
    const brand = checks.brand(body.brand);
    const language = checks.language(body.language);
    const country = checks.country(body.country);
    const externalUrl = checks.externalUrl(body.external_url);
    const employee = await this.resolveEmployee(scope, body.employee, checks.errors);
    const errors = [...schemaErrors, ...checks.errors];
    if (errors.length > 0 || !employee || !brand || !channel) throw new RequestValidationError(unique(errors));

    return {
      brand_id: brand.id,
      channel,
      employee,
      customer_email: text(customer.email),
      customer_name: text(customer.name),
      customer_custom_id: text(customer.custom_id),
      country,
      language,
      tags: body.tags,
      custom_properties: body.custom_properties,
      ext_interaction_id: text(body.ext_interaction_id),
      external_url: externalUrl,
      do_not_send: body.do_not_send === true,
      parent: null,
    };
  }

  private async recovery(scope: Scope, received: Body, schemaErrors: string[], claim?: IdempotencyClaim): Promise<Created> {
    const body = truncateStrings(received);
    const checks = new FieldChecks(scope.company);
    const externalUrl = checks.externalUrl(body.external_url);
    const parent = await this.resolveParent(scope, body, checks.errors);
    const employee = body.employee === undefined || body.employee === null
      ? null
      : await this.resolveEmployee(scope, body.employee, checks.errors);
    const errors = [...schemaErrors, ...checks.errors];
    if (errors.length > 0 || !parent) throw new RequestValidationError(unique(errors));

    return this.store(scope, {
      brand_id: parent.brand_id,
      channel: parent.channel,
      employee: employee ?? { id: parent.employee_id, team_leader_id: parent.team_leader_id },
      customer_email: parent.customer_email,
      customer_name: parent.customer_name,
      customer_custom_id: parent.customer_custom_id,
      country: parent.country,
      language: parent.language,
      tags: body.tags,
      custom_properties: body.custom_properties,
      ext_interaction_id: text(body.ext_interaction_id) ?? parent.ext_interaction_id,
      external_url: externalUrl ?? parent.external_url,
      do_not_send: body.do_not_send === true,
      parent,
    }, claim);
  }

  private async store(scope: Scope, fields: StoreFields, claim: IdempotencyClaim | undefined): Promise<Created> {
    const now = Date.now();
    const { settings } = scope.company;
    const interaction: PendingInteraction = {
      // Time-ordered: consecutive requests land on the same page of the uuid index.
      uuid: uuidv7(),
      company_id: scope.company.id,
      is_test: scope.testOnly ? 1 : 0,
      is_recovery: fields.parent ? 1 : 0,
      parent_id: fields.parent?.id ?? null,
      brand_id: fields.brand_id,
      channel: fields.channel,
      employee_id: fields.employee.id,
      team_leader_id: fields.employee.team_leader_id,
      customer_email: fields.customer_email,
      customer_name: fields.customer_name,
      customer_custom_id: fields.customer_custom_id,
      country: fields.country,
      language: fields.language,
      tags: JSON.stringify(Array.isArray(fields.tags) ? fields.tags : []),
      custom_properties: isObject(fields.custom_properties) ? JSON.stringify(fields.custom_properties) : null,
      ext_interaction_id: fields.ext_interaction_id,
      external_url: fields.external_url,
      do_not_send: fields.do_not_send ? 1 : 0,
      requested_via: 'API',
      delivery_status: fields.do_not_send ? DELIVERY_DO_NOT_SEND : DELIVERY_PENDING,
      sent_at: null,
      response_received_at: null,
      reward_name: null,
      created_at: now,
      updated_at: now,
      outbox: fields.do_not_send
        ? null
        : {
            kind: 'survey_email',
            payload: '{}',
            status: 'pending',
            attempts: 0,
            available_at: now + settings.send_delay_minutes * 60_000,
            claimed_at: null,
            last_error: null,
            created_at: now,
            completed_at: null,
          },
      idempotency: claim ?? null,
      events: [],
    };
    if (fields.parent) {
      interaction.events.push({
        type: 'recovery.created',
        data: { request_id: interaction.uuid, initial_request_id: fields.parent.uuid, ext_interaction_id: fields.ext_interaction_id, do_not_send: fields.do_not_send },
      });
    }
    const stored = await this.writer.insert(interaction);
    return { request_id: stored.uuid };
  }

  /** Finds an active employee by email or custom id; adds messages for what is wrong. */
  private async resolveEmployee(scope: Scope, value: unknown, errors: string[]): Promise<EmployeeRef | null> {
    const ref = (isObject(value) ? value : {}) as Body;
    const email = text(ref.email);
    const customId = text(ref.custom_id);
    if (email === null && customId === null) {
      // A missing or non-object employee is already reported by the schema.
      if (isObject(value)) errors.push('employee.email or employee.custom_id is required');
      return null;
    }
    const companyId = scope.company.id;
    let employee = email === null ? undefined : await this.employees.byEmail(companyId, email);
    if (!employee && customId !== null) employee = await this.employees.byCustomId(companyId, customId);
    const field = email !== null ? 'employee.email' : 'employee.custom_id';
    if (!employee) {
      errors.push(`${field} does not match an employee of this company`);
      return null;
    }
    if (employee.status !== 'active') {
      errors.push(`${field} matches an employee who is not active (${employee.status})`);
      return null;
    }
    return employee;
  }

  /** The feedback request a recovery follows: by initial_feedback_request_id, else by ext_interaction_id. */
  private async resolveParent(scope: Scope, body: Body, errors: string[]): Promise<InteractionRow | null> {
    const companyId = scope.company.id;
    const isTest = scope.testOnly;
    const requestId = text(body.initial_feedback_request_id);
    const extId = text(body.ext_interaction_id);
    if (requestId === null && extId === null) {
      errors.push('initial_feedback_request_id or ext_interaction_id is required');
      return null;
    }
    if (requestId !== null && !isUuid(requestId)) {
      errors.push('initial_feedback_request_id must be a request_id (a UUID)');
      return null;
    }
    let parent = requestId === null ? undefined : await this.interactions.findByUuid(companyId, requestId);
    if (parent && (parent.is_recovery === 1 || parent.is_test !== (isTest ? 1 : 0))) parent = undefined;
    if (!parent && extId !== null) parent = await this.interactions.findLatestRequestByExtId(companyId, isTest, extId);
    if (!parent) {
      errors.push(
        requestId !== null
          ? 'initial_feedback_request_id does not match a feedback request of this company'
          : 'ext_interaction_id does not match a feedback request of this company',
      );
      return null;
    }
    return parent;
  }
}

interface StoreFields {
  brand_id: number;
  channel: string;
  employee: Pick<EmployeeRow, 'id' | 'team_leader_id'>;
  customer_email: string | null;
  customer_name: string | null;
  customer_custom_id: string | null;
  country: string | null;
  language: string;
  tags: unknown;
  custom_properties: unknown;
  ext_interaction_id: string | null;
  external_url: string | null;
  do_not_send: boolean;
  parent: InteractionRow | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
