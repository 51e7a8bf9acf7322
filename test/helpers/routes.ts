import { randomUUID } from 'node:crypto';
import type { RouteOptions } from 'fastify';
import type { App } from '../../src/app.ts';

export interface Operation {
  method: 'GET' | 'POST' | 'PUT';
  /** The documented path, e.g. /v2/qa/{uuid}. */
  path: string;
  /** The path with its parameters filled in (a number for ids, a uuid for uuids). */
  url: string;
  security: string[];
}

/** Fills `{id}` with `id`, `{uuid}` with `uuid`, anything else with `value`. */
export function fillPath(path: string, values: { id?: string; uuid?: string; value?: string } = {}): string {
  return path.replace(/\{([A-Za-z_]+)\}/g, (_match, name: string) => {
    if (name === 'uuid') return values.uuid ?? randomUUID();
    if (name === 'id') return values.id ?? '1';
    return values.value ?? 'x';
  });
}

/** Every operation of GET /openapi.json, with the security schemes it requires. */
export async function documentedOperations(app: App): Promise<Operation[]> {
  const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>> };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      url: fillPath(path),
      security: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)),
    })),
  );
}

/** The operations that take x-api-key plus a JWT, as the OpenAPI document declares them. */
export async function jwtOperations(app: App): Promise<Operation[]> {
  return (await documentedOperations(app)).filter((operation) => operation.security.includes('jwt'));
}

/** An onRoute hook for buildApp/createTestContext that lists every route, documented or hidden. */
export function routeRecorder() {
  const routes: { method: string; url: string }[] = [];
  const onRoute = (route: RouteOptions) => {
    for (const method of ([] as string[]).concat(route.method)) if (method !== 'HEAD') routes.push({ method, url: route.url });
  };
  return { routes, onRoute };
}
