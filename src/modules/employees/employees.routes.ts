import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { describeSchemaErrors } from '../../plugins/validation.ts';
import { inviteRoutes } from './invite.routes.ts';
import { passwordResetRoutes } from './password-reset.routes.ts';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { Employee, EmployeeBody, EmployeeList, EmployeeListQuery, EmployeeParams } from './employees.schemas.ts';

const tags = ['User provisioning'];
const security = [{ apiKey: [], jwt: [] }];
const unknownEmployee = errorResponse(404, {
  description: 'Not Found: no employee of this company has this email or custom_employee_id',
  example: { error: 'Not Found', message: 'Team member not found: no employee with email or custom_employee_id "nobody@example.com"' },
});
const brokenRules = errorResponse(422, {
  description: 'Unprocessable Entity: a field is missing or breaks a rule (unknown role or group, taken email...); errors lists every problem',
  example: { error: 'Unprocessable Entity', message: 'email must be a valid email address', errors: ['email must be a valid email address'] },
});
const errors = { ...errorResponses(403), 404: unknownEmployee, 422: brokenRules };
const employee = (description: string) => jsonResponse(description, ref(Employee));
const byId = 'The employee is named in the path by email or custom_employee_id (URL-encoded).';

function schemaErrors(request: FastifyRequest): string[] {
  return request.validationError?.validation ? describeSchemaErrors(request.validationError.validation) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body as the service checks it. These routes attach their schema failures (the service
 * reports them with its own, all at once), so the handler also sees bodies that break the schema:
 * nothing is guaranteed beyond what this checks, hence the untyped request.
 */
function bodyObject(request: FastifyRequest): Record<string, unknown> {
  return isObject(request.body) ? request.body : {};
}

/** /v2/employees: the user provisioning API (x-api-key + JWT). */
const provisioningApi: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.provisioning;
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  // The seed's bodiless PUTs (activate, deactivate) still send Content-Type: application/json.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString(); // a string already: parseAs
    return text.trim() === '' ? done(null, undefined) : jsonParser(request, text, done);
  });
  app.addHook('onRequest', app.requireApiKeyAndJwt);

  app.get(
    '/v2/employees',
    {
      schema: {
        operationId: 'listEmployees',
        tags,
        security,
        summary: 'Employees',
        description: 'The employees of the company, filtered by status, employment status, team leader, group, role or a search; paged: follow meta.next_page until it is null.',
        querystring: EmployeeListQuery,
        response: { 200: jsonResponse('A page of employees', ref(EmployeeList)), ...errors },
      },
    },
    (request) =>
    service.list(request.scope.company, request.query),
  );

  app.get(
    '/v2/employees/:id',
    { schema: { operationId: 'getEmployee', tags, security, summary: 'Employee', description: `One employee. ${byId}`, params: EmployeeParams, response: { 200: employee('The employee'), ...errorResponses(403), 404: unknownEmployee } } },
    (request) =>
    service.get(request.scope.company, request.params.id),
  );

  const bodyRoute = { attachValidation: true, schema: { tags, security, body: ref(EmployeeBody) } } as const;
  const created = { 201: employee('The employee created'), ...jsonBodyErrors, ...errorResponses(403), 422: brokenRules };

  app.post(
    '/v2/employees',
    {
      ...bodyRoute,
      schema: {
        ...bodyRoute.schema,
        operationId: 'createEmployee',
        summary: 'Create Employee',
        description: 'Creates an active employee. email, first_name and last_name are required; role, groups and team leader must exist. Every problem is reported at once (422).',
        response: created,
      },
    },
    async (request, reply) =>
    reply.status(201).send(await service.create(request.scope.company, bodyObject(request), schemaErrors(request), 'create')),
  );

  app.post(
    '/v2/employees/invite',
    {
      ...bodyRoute,
      schema: {
        ...bodyRoute.schema,
        operationId: 'inviteEmployee',
        summary: 'Invite Employee',
        description: 'Creates a pending employee and emails them a link to set their password; they become active once they have. email is required.',
        response: created,
      },
    },
    async (request, reply) =>
    reply.status(201).send(await service.create(request.scope.company, bodyObject(request), schemaErrors(request), 'invite')),
  );

  app.put(
    '/v2/employees/:id',
    {
      ...bodyRoute,
      schema: {
        ...bodyRoute.schema,
        operationId: 'updateEmployee',
        summary: 'Update Employee',
        description: `Changes the fields sent and leaves the others as they are; lists (groups, permissions...) are replaced. ${byId}`,
        params: EmployeeParams,
        response: { 200: employee('The employee as it is now'), ...jsonBodyErrors, ...errors },
      },
    },
    (request) => service.update(request.scope.company, request.params.id, bodyObject(request), schemaErrors(request)),
  );

  for (const action of ['activate', 'deactivate'] as const) {
    app.put(
      `/v2/employees/:id/${action}`,
      {
        schema: {
          operationId: `${action}Employee`,
          tags,
          security,
          summary: `${action === 'activate' ? 'Activate' : 'Deactivate'} Employee`,
          description:
            action === 'activate'
              ? `Makes a deactivated employee active again: surveys can be sent for them and they can sign in. No body. ${byId}`
              : `Deactivates an employee: no more surveys are sent for them and they cannot sign in; their history stays. No body. ${byId}`,
          params: EmployeeParams,
          response: { 200: employee('The employee as it is now'), ...errors },
        },
      },
      (request) => service.setActive(request.scope.company, request.params.id, action === 'activate'),
    );
  }
};

/** The provisioning API, the invited employees' set-password pages and password resets, each in its own scope. */
export const employeesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(provisioningApi);
  await app.register(inviteRoutes);
  await app.register(passwordResetRoutes);
};
