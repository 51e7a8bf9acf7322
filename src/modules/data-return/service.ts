import { interactionFilter } from '../access/policy.ts';
import type { Scope } from '../access/scope.ts';
import { feedChunks, mapChunks, SerializedChunk } from './feed.ts';
import { readDates, readPaging, type FeedPaging } from './query-schema.ts';
import { requestV1, responseV1, type ChunkLookups } from './records.ts';
import { writeInteractionV2Json } from './records-json.ts';
import type { DataReturnRepository, FeedAnswerRow, FeedEmployeeRow, FeedInteractionRow, InteractionFilter } from './repository.ts';

/** A feed ready to send: its paging and its records (serialised), read lazily chunk by chunk. */
export interface Feed {
  paging: FeedPaging;
  chunks: AsyncIterable<SerializedChunk>;
}

export interface V2DataParams {
  after?: number;
  limit?: number;
  stream?: boolean;
  include_recovery?: boolean;
  created_at_gte?: string;
  created_at_lte?: string;
  responded_at_gte?: string;
  responded_at_lte?: string;
}

export interface V1Params {
  after?: number;
  limit?: number;
  stream?: boolean;
  start_date?: string;
  end_date?: string;
}

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
    const paging = readPaging(params);
    const dates = readDates(params, ['created_at_gte', 'created_at_lte', 'responded_at_gte', 'responded_at_lte'] as const);
    const filter: InteractionFilter = {
      ...interactionFilter(scope),
      includeRecovery: params.include_recovery === true,
      respondedOnly: dates.responded_at_gte !== undefined || dates.responded_at_lte !== undefined,
      createdGte: dates.created_at_gte,
      createdLte: dates.created_at_lte,
      respondedGte: dates.responded_at_gte,
      respondedLte: dates.responded_at_lte,
    };
    return this.feed(scope.company.id, filter, paging, writeInteractionV2Json, true);
  }

  requestsV1(scope: Scope, params: V1Params): Feed {
    const paging = readPaging(params);
    const dates = readDates(params, ['start_date', 'end_date'] as const);
    const filter: InteractionFilter = { ...interactionFilter(scope), includeRecovery: false, createdGte: dates.start_date, createdLte: dates.end_date };
    return this.feed(scope.company.id, filter, paging, (row, lookups, out) => void out.push(JSON.stringify(requestV1(row, lookups))), false);
  }

  responsesV1(scope: Scope, params: V1Params): Feed {
    const paging = readPaging(params);
    const dates = readDates(params, ['start_date', 'end_date'] as const);
    const filter: InteractionFilter = {
      ...interactionFilter(scope),
      includeRecovery: false,
      respondedOnly: true,
      respondedGte: dates.start_date,
      respondedLte: dates.end_date,
    };
    return this.feed(scope.company.id, filter, paging, (row, lookups, out) => void out.push(JSON.stringify(responseV1(row, lookups))), true);
  }

  private feed(companyId: number, filter: InteractionFilter, paging: FeedPaging, write: Writer, withAnswers: boolean): Feed {
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
