import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';
import { ADAPTERS } from './adapters/index.ts';
import { EXAMPLE_MAPPING, mappingToInput } from './adapters/generic.ts';
import { CONNECTION_KINDS } from './connection.types.ts';

/** GET /app/api/connection-kinds: what the "Add connection" form asks for each helpdesk. */
export const ConnectionKindList = named('AppConnectionKindList', Type.Object(
  {
    kinds: Type.Array(Type.Object(
      {
        kind: Type.Union(CONNECTION_KINDS.map((kind) => Type.Literal(kind))),
        label: Type.String({ description: "The helpdesk's name" }),
        needs_api: Type.Boolean({ description: 'Its events name ids only: lookups need the API base URL and credentials' }),
        secret_source: Type.Union([Type.Literal('helpdesk'), Type.Literal('ours'), Type.Literal('none')], {
          description: 'helpdesk: paste the secret the helpdesk shows; ours: one is generated for you to paste into the helpdesk; none: the unguessable URL is the secret',
        }),
      },
      { additionalProperties: false },
    )),
    example_mapping: Type.Record(Type.String(), Type.Unknown(), { description: "A generic connection's mapping to start from (the set-up guide shows the same)" }),
  },
  { additionalProperties: false },
));
export type ConnectionKindListOut = Static<typeof ConnectionKindList>;

/** Every helpdesk this installation connects to, in the order of CONNECTION_KINDS. */
export function connectionKinds(): ConnectionKindListOut {
  return {
    kinds: CONNECTION_KINDS.map((kind) => {
      const adapter = ADAPTERS[kind];
      return { kind, label: adapter.label, needs_api: adapter.needsApi, secret_source: adapter.secretSource };
    }),
    example_mapping: mappingToInput(EXAMPLE_MAPPING),
  };
}
