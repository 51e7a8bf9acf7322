import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import type { FeedSpec } from './feed-query.ts';

const EXAMPLE_DATE_TIME = '2019-12-20T00:00:00-05:00';

/** `after` and `limit` as the spec documents them. */
function pagingProperties(spec: FeedSpec): TProperties {
  if (spec.paging === 'text') {
    return {
      after: Type.Optional(Type.String({ description: 'Only records with a sequence_id greater than this one (paging)', examples: ['1000'] })),
      limit: Type.Optional(Type.String({ description: `Records per page, 1 to ${spec.maxLimit} (default ${spec.defaultLimit})` })),
    };
  }
  const limitText = spec.stream === undefined ? `at most ${spec.maxLimit}` : `at most ${spec.maxLimit} unless stream=true`;
  return {
    after: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Only records with a sequence_id greater than this (exclusive). Pass the last sequence_id of the previous page.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: `Maximum records returned (default ${spec.defaultLimit}; ${limitText}).` })),
  };
}

/**
 * A feed's query-string schema: after and limit, its date-time parameters, `stream` when it
 * streams, then `extra`. Values the schema leaves as text are checked by readFeedQuery; unknown
 * parameters are allowed (and ignored).
 */
export function feedQuerystring<T extends TProperties = {}>(spec: FeedSpec, extra: T = {} as T): TObject<T & Record<string, TSchema>> {
  const dates = Object.fromEntries(spec.dates.map(({ name, description }) => [name, Type.Optional(Type.String({ description, examples: [EXAMPLE_DATE_TIME] }))]));
  const stream: TProperties = spec.stream === undefined ? {} : { stream: Type.Optional(Type.Boolean({ default: false, description: spec.stream })) };
  return Type.Object({ ...pagingProperties(spec), ...dates, ...stream, ...extra } as T & Record<string, TSchema>);
}
