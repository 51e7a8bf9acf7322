import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

/*
 * Named schemas: the shapes clients see by name (Interaction, Employee, Error...). Each is
 * added once to Fastify (app.addSchema) and routes point at it with `ref(Schema)`, so the
 * serializer shares it and @fastify/swagger emits it as components/schemas/<name>, referenced
 * with $ref, which generators turn into named types. The body validators (plugins/validation.ts)
 * are plain Ajv instances that know no shared schemas: they get schemas with every ref inlined.
 */

const registry = new Map<string, TSchema>();

/** `schema` as the named schema `id` (its `$id`, and its name in the OpenAPI document). */
export function named<T extends TSchema>(id: string, schema: T): T {
  const existing = registry.get(id);
  if (existing && existing !== schema) throw new Error(`two schemas are named ${id}`);
  schema.$id = id;
  registry.set(id, schema);
  return schema;
}

/**
 * `'~unsafe'` is the type-only mark by which TypeBox 1 (the one @fastify/type-provider-typebox
 * reads) infers an Unsafe schema, as `static` is for @sinclair/typebox; like `static`, it does not exist at run time.
 */
type Typed<T> = TUnsafe<T> & { readonly '~unsafe': T };

/** A `$ref` to a named schema, typed as the schema itself (for both TypeBox generations). */
export function ref<T extends TSchema>(schema: T): Typed<Static<T>> {
  if (!schema.$id || registry.get(schema.$id) !== schema) throw new Error('ref() takes a schema made by named()');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id)) as Typed<Static<T>>;
}

/**
 * A `$ref` to a named schema, typed as `T`: for a route whose validator guarantees something
 * other than the schema it documents (a body taken as text, an envelope checked alone).
 */
export function refTypedAs<T>(schema: TSchema): Typed<T> {
  return ref(schema) as Typed<unknown> as Typed<T>;
}

/** Adds every named schema to an app, before its routes are registered. */
export function addNamedSchemas(app: FastifyInstance): void {
  for (const schema of registry.values()) app.addSchema(schema);
}

/**
 * A copy of `schema` for a validator that knows no shared schemas: each `$ref` to a named schema
 * replaced by that schema, and no `$id` left (Ajv would refuse a second schema of the same id).
 */
export function inlineRefs<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(inlineRefs) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const { $ref } = schema as { $ref?: unknown };
  const target = typeof $ref === 'string' ? registry.get($ref.replace(/#$/, '')) : undefined;
  if (target) return inlineRefs(target) as T;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$id').map(([key, value]) => [key, inlineRefs(value)])) as T;
}
