import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { describeSchemaErrors } from '../../plugins/validation.ts';
import { inviteRoutes } from './invite.routes.ts';
import { errorResponses, jsonBodyErrors } from '../../plugins/error-schemas.ts';
import { Employee, EmployeeBody, EmployeeList, EmployeeListQuery, EmployeeParams } from './employees.schemas.ts';

const tags = ['User provisioning'];
const security = [{ apiKey: [], jwt: [] }];
const errors = errorResponses(403, 404, 422);

function schemaErrors(request: FastifyRequest): string[] {
  return request.validationError?.validation ? describeSchemaErrors(request.validationError.validation) : [];
}

function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** /v2/employees: the user provisioning API (x-api-key + JWT). */
async function provisioningApi(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const service = app.services.provisioning;
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  // The seed's bodiless PUTs (activate, deactivate) still send Content-Type: application/json.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    (body as string).trim() === '' ? done(null, undefined) : jsonParser(request, body as string, done),
  );
  app.addHook('onRequest', app.requireApiKeyAndJwt);

  app.get('/v2/employees', { schema: { tags, security, summary: 'Employees', querystring: EmployeeListQuery, response: { 200: EmployeeList, ...errors } } }, (request) =>
    service.list(request.principal.company, request.query),
  );

  app.get('/v2/employees/:id', { schema: { tags, security, summary: 'Employee', params: EmployeeParams, response: { 200: Employee, ...errors } } }, (request) =>
    service.get(request.principal.company, request.params.id),
  );

  const bodyRoute = { attachValidation: true, schema: { tags, security, body: EmployeeBody } } as const;
  const created = { 201: Employee, ...jsonBodyErrors, ...errors };

  app.post('/v2/employees', { ...bodyRoute, schema: { ...bodyRoute.schema, summary: 'Create Employee', response: created } }, async (request, reply) =>
    reply.status(201).send(await service.create(request.principal.company, bodyObject(request), schemaErrors(request), 'create')),
  );

  app.post('/v2/employees/invite', { ...bodyRoute, schema: { ...bodyRoute.schema, summary: 'Invite Employee', response: created } }, async (request, reply) =>
    reply.status(201).send(await service.create(request.principal.company, bodyObject(request), schemaErrors(request), 'invite')),
  );

  app.put(
    '/v2/employees/:id',
    { ...bodyRoute, schema: { ...bodyRoute.schema, summary: 'Update Employee', params: EmployeeParams, response: { 200: Employee, ...jsonBodyErrors, ...errors } } },
    (request) => service.update(request.principal.company, request.params.id, bodyObject(request), schemaErrors(request)),
  );

  for (const action of ['activate', 'deactivate'] as const) {
    app.put(
      `/v2/employees/:id/${action}`,
      { schema: { tags, security, summary: `${action === 'activate' ? 'Activate' : 'Deactivate'} Employee`, params: EmployeeParams, response: { 200: Employee, ...errors } } },
      (request) => service.setActive(request.principal.company, request.params.id, action === 'activate'),
    );
  }
}

/** The provisioning API and the invited employees' set-password pages, each in its own scope. */
export async function employeesRoutes(app: FastifyInstance): Promise<void> {
  await app.register(provisioningApi);
  await app.register(inviteRoutes);
}
