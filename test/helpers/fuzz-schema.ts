import fc from 'fast-check';
import { DuplicateKeys, hostileValue, HUGE_NUMBERS, ODD_STRINGS } from './fuzz-values.ts';

/** The subset of JSON Schema the route schemas use (as published in /openapi.json). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
}

/**
 * How values are made: `valid` follows the schema (so requests reach the services),
 * `mixed` puts a hostile value at some fields, wrong types, boundary lengths and
 * unknown or duplicated keys.
 */
export type Mode = 'valid' | 'mixed';

/** Values worth using for a property of this name (real ids, emails of the company's employees). */
export type Known = Record<string, readonly unknown[]>;

const MAX_DEPTH = 6;

function clamp(n: number | undefined, fallback: number, cap: number): number {
  return Math.min(n ?? fallback, cap);
}

function stringFor(schema: Schema, mode: Mode): fc.Arbitrary<unknown> {
  const min = schema.minLength ?? 0;
  const max = clamp(schema.maxLength, 40, 80);
  let valid: fc.Arbitrary<string>;
  if (schema.format === 'email') valid = fc.emailAddress();
  else if (schema.format === 'date-time') valid = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  else if (schema.format === 'uuid') valid = fc.uuid();
  else if (schema.pattern) valid = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  else valid = fc.string({ minLength: min, maxLength: Math.max(min, max) });
  if (mode === 'valid') return valid;
  const boundaries: string[] = [];
  if (schema.maxLength !== undefined) boundaries.push('y'.repeat(schema.maxLength), 'y'.repeat(schema.maxLength + 1));
  if (min > 0) boundaries.push('y'.repeat(min - 1));
  return fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: max }), weight: 2 },
    { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 1 },
    ...(boundaries.length ? [{ arbitrary: fc.constantFrom(...boundaries), weight: 1 }] : []),
  );
}

function numberFor(schema: Schema, integer: boolean, mode: Mode): fc.Arbitrary<unknown> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  const valid = integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) : fc.double({ min, max, noNaN: true });
  if (mode === 'valid') return valid;
  const edges = [min - 1, max + 1, min, max].filter((n) => Number.isFinite(n));
  return fc.oneof({ arbitrary: valid, weight: 4 }, fc.constantFrom(...edges, 0.5), fc.constantFrom(...HUGE_NUMBERS));
}

function objectFor(schema: Schema, mode: Mode, known: Known, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const required = (schema.required ?? []).filter((name) => name in properties);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) model[name] = propertyFor(name, properties[name], mode, known, depth + 1);
  const extraValue = typeof schema.additionalProperties === 'object' ? arbitraryFor(schema.additionalProperties, mode, known, depth + 1) : fc.string({ maxLength: 20 });
  const extras = names.length === 0 || typeof schema.additionalProperties === 'object'
    ? fc.dictionary(fc.string({ maxLength: 12 }), extraValue, { maxKeys: clamp(schema.maxProperties, 4, 6) })
    : fc.constant({});
  const record = fc.tuple(fc.record(model, { requiredKeys: required }), extras).map(([fields, extra]) => ({ ...extra, ...fields }));
  if (mode === 'valid') return record;
  return fc.oneof(
    { arbitrary: record, weight: 6 },
    // Required fields left out, unknown fields added.
    { arbitrary: fc.tuple(fc.record(model, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a })), weight: 2 },
    // The same key twice: a valid value, then another (or the other way round).
    {
      arbitrary: fc.tuple(record, fc.constantFrom(...(names.length ? names : ['x'])), hostileValue, fc.boolean()).map(([fields, key, other, first]) => {
        const entries = Object.entries(fields as Record<string, unknown>);
        return new DuplicateKeys(first ? [[key, other], ...entries] : [...entries, [key, other]]);
      }),
      weight: 1,
    },
  );
}

function arrayFor(schema: Schema, mode: Mode, known: Known, depth: number): fc.Arbitrary<unknown> {
  const itemSchema = schema.items ?? {};
  const items = arbitraryFor(itemSchema, mode, known, depth + 1);
  const minLength = schema.minItems ?? 0;
  const valid = fc.array(items, { minLength, maxLength: Math.max(minLength, clamp(schema.maxItems, depth > 2 ? 2 : 3, 3)) });
  const tooMany = (schema.maxItems ?? Infinity) + 1;
  if (mode === 'valid' || tooMany > 1001) return valid;
  // One item more than allowed (copies of one item: long arrays of deep items are slow to generate).
  const small = arbitraryFor(itemSchema, 'valid', known, depth + 1);
  return fc.oneof({ arbitrary: valid, weight: 6 }, small.map((item) => Array.from({ length: tooMany }, () => item)));
}

/** A property's value: one of the known values for its name, or one made from its schema. */
function propertyFor(name: string, schema: Schema, mode: Mode, known: Known, depth: number): fc.Arbitrary<unknown> {
  const fromSchema = arbitraryFor(schema, mode, known, depth);
  const values = known[name];
  return values?.length ? fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 3 }, { arbitrary: fromSchema, weight: 1 }) : fromSchema;
}

function byType(type: string, schema: Schema, mode: Mode, known: Known, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringFor(schema, mode);
    case 'integer':
      return numberFor(schema, true, mode);
    case 'number':
      return numberFor(schema, false, mode);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > MAX_DEPTH ? fc.constant([]) : arrayFor(schema, mode, known, depth);
    case 'object':
      return depth > MAX_DEPTH ? fc.constant({}) : objectFor(schema, mode, known, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** An arbitrary of values for a JSON schema; in `mixed` mode some are hostile. */
export function arbitraryFor(schema: Schema, mode: Mode, known: Known = {}, depth = 0): fc.Arbitrary<unknown> {
  let arbitrary: fc.Arbitrary<unknown>;
  if (schema.enum?.length) arbitrary = fc.constantFrom(...schema.enum);
  else if (schema.const !== undefined) arbitrary = fc.constant(schema.const);
  else if (schema.anyOf?.length) arbitrary = fc.oneof(...schema.anyOf.map((branch) => arbitraryFor(branch, mode, known, depth)));
  else if (Array.isArray(schema.type)) arbitrary = fc.oneof(...schema.type.map((type) => byType(type, schema, mode, known, depth)));
  else if (schema.type) arbitrary = byType(schema.type, schema, mode, known, depth);
  else if (schema.properties) arbitrary = byType('object', schema, mode, known, depth);
  else arbitrary = fc.jsonValue({ maxDepth: 2 });
  return mode === 'valid' ? arbitrary : fc.oneof({ arbitrary, weight: 8 }, { arbitrary: hostileValue, weight: 1 });
}
