import { readFeedQuery, type FeedQuery } from '../../feeds/feed-query.ts';
import { feedChunks, mapChunks, SerializedChunk } from '../../feeds/feed-stream.ts';
import { interactionFilter } from '../access/policy.ts';
import type { Scope } from '../access/scope.ts';
import { requestV1, responseV1, type ChunkLookups } from './records.ts';
import { writeInteractionV2Json } from './records-json.ts';
import type { DataReturnRepository, FeedAnswerRow, FeedEmployeeRow, FeedInteractionRow, InteractionFilter } from './repository.ts';
import { V1RequestsFeed, V1ResponsesFeed, V2DataFeed } from './schemas.ts';

/** A feed ready to send: its paging and its records (serialised), read lazily chunk by chunk. */
export interface Feed {
  paging: FeedQuery;
  chunks: AsyncIterable<SerializedChunk>;
}

/** The query string of GET /v2/data, as its schema checked it (read with V2DataFeed). */
export interface V2DataParams {
  include_recovery?: boolean;
  [name: string]: unknown;
}

/** The query string of GET /v1/data/requests or /v1/data/responses, as its schema checked it. */
export type V1Params = Record<string, unknown>;

/** Employees seen by one feed, kept across its chunks up to a bound. */
const EMPLOYEE_CACHE_LIMIT = 5000;

/** Appends one record's JSON text to `out`. */
type Writer = (row: FeedInteractionRow, lookups: ChunkLookups, out: string[]) => void;

/**
 * The interactions data return (GET /v2/data, /v1/data/requests, /v1/data/responses).
 * The test key sees only test interactions, the production key only production ones.
 */
export class DataReturnService {
  /** Feeds being read right now and interactions read so far by this process (tests, metrics). */
  readonly stats = { openFeeds: 0, rowsRead: 0 };

  constructor(private readonly repository: DataReturnRepository) {}

  interactionsV2(scope: Scope, params: V2DataParams): Feed {
    const paging = readFeedQuery(params, V2DataFeed);
    const { created_at: created, responded_at: responded } = paging.ranges;
    const filter: InteractionFilter = {
      ...interactionFilter(scope),
      includeRecovery: params.include_recovery === true,
      respondedOnly: responded !== undefined,
      createdGte: created?.gte,
      createdLte: created?.lte,
      respondedGte: responded?.gte,
      respondedLte: responded?.lte,
    };
    return this.feed(scope.company.id, filter, paging, writeInteractionV2Json, true);
  }

  requestsV1(scope: Scope, params: V1Params): Feed {
    const paging = readFeedQuery(params, V1RequestsFeed);
    const created = paging.ranges.created_at;
    const filter: InteractionFilter = { ...interactionFilter(scope), includeRecovery: false, createdGte: created?.gte, createdLte: created?.lte };
    return this.feed(scope.company.id, filter, paging, (row, lookups, out) => void out.push(JSON.stringify(requestV1(row, lookups))), false);
  }

  responsesV1(scope: Scope, params: V1Params): Feed {
    const paging = readFeedQuery(params, V1ResponsesFeed);
    const responded = paging.ranges.responded_at;
    const filter: InteractionFilter = {
      ...interactionFilter(scope),
      includeRecovery: false,
      respondedOnly: true,
      respondedGte: responded?.gte,
      respondedLte: responded?.lte,
    };
    return this.feed(scope.company.id, filter, paging, (row, lookups, out) => void out.push(JSON.stringify(responseV1(row, lookups))), true);
  }

  private feed(companyId: number, filter: InteractionFilter, paging: FeedQuery, write: Writer, withAnswers: boolean): Feed {
    const rows = feedChunks((after, limit) => this.repository.interactionsAfter(companyId, filter, after, limit), paging);
    const employees = new Map<number, FeedEmployeeRow>();
    const fragments = new Map<string, string>();
    const records = mapChunks(rows, async (chunk) => {
      this.stats.rowsRead += chunk.length;
      if (fragments.size > 2 * EMPLOYEE_CACHE_LIMIT) fragments.clear();
      const lookups = { ...(await this.lookups(companyId, chunk, employees, withAnswers)), fragments };
      return SerializedChunk.write(chunk, (row, out) => write(row, lookups, out));
    });
    return { paging, chunks: this.tracked(records) };
  }

  private async lookups(companyId: number, rows: FeedInteractionRow[], employees: Map<number, FeedEmployeeRow>, withAnswers: boolean): Promise<ChunkLookups> {
    const wanted = new Set<number>();
    for (const row of rows) {
      if (!employees.has(row.employee_id)) wanted.add(row.employee_id);
      if (row.team_leader_id !== null && !employees.has(row.team_leader_id)) wanted.add(row.team_leader_id);
    }
    if (wanted.size > 0) {
      if (employees.size + wanted.size > EMPLOYEE_CACHE_LIMIT) employees.clear();
      for (const employee of await this.repository.employees(companyId, [...wanted])) employees.set(employee.id, employee);
    }
    const parents = await this.repository.uuids(companyId, [...new Set(rows.flatMap((row) => (row.parent_id === null ? [] : [row.parent_id])))]);
    const brands = await this.repository.brandNames(companyId, [...new Set(rows.map((row) => row.brand_id))]);
    for (const row of rows) {
      row.parent_uuid = row.parent_id === null ? null : (parents.get(row.parent_id) ?? null);
      row.brand_name = brands.get(row.brand_id) ?? '';
    }
    const answers = new Map<number, FeedAnswerRow[]>();
    // Answers exist only once a customer responded (the survey stamps response_received_at).
    const ids = withAnswers ? rows.filter((row) => row.response_received_at !== null).map((row) => row.id) : [];
    for (const answer of await this.repository.answers(companyId, ids)) {
      const list = answers.get(answer.interaction_id);
      if (list) list.push(answer);
      else answers.set(answer.interaction_id, [answer]);
    }
    // In the order they were given: the database returns each interaction's answers by question.
    for (const list of answers.values()) if (list.length > 1) list.sort((a, b) => a.id - b.id);
    return { employees, answers };
  }

  private async *tracked<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
    this.stats.openFeeds++;
    try {
      yield* chunks;
    } finally {
      this.stats.openFeeds--;
    }
  }
}
