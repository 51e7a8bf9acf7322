import type { Generated } from 'kysely';
import type { Counters } from '../modules/reports/counters.ts';

/** Reporting tables (migration 140); merged into `Database` in schema.ts. */
export interface ReportsDatabase {
  report_rollups: ReportRollupsTable;
  report_tagsets: ReportTagsetsTable;
  report_tagset_tags: ReportTagsetTagsTable;
  digest_sends: DigestSendsTable;
}

/**
 * Counters per company, local day and slice, kept by the transactions that write the rows they
 * count (reports/rollup-writer.ts). `grain` says which slices a row has (GRAINS in
 * reports/rollup-store.ts); a slice a row does not have holds its neutral value (0 or '').
 */
export type ReportRollupsTable = {
  company_id: number;
  is_test: number;
  grain: number;
  /** Local day in the company's time zone, days since 1970-01-01 (reports/local-time.ts). */
  day: number;
  /** Months since January 1970 of `day`. */
  month: number;
  employee_id: number;
  channel: string;
  brand_id: number;
  tagset_id: number;
} & Counters;

/** A distinct set of an interaction's tags (sorted JSON array), so a tag filter never counts an interaction twice. */
export interface ReportTagsetsTable {
  id: Generated<number>;
  company_id: number;
  tags: string;
}

export interface ReportTagsetTagsTable {
  company_id: number;
  tagset_id: number;
  tag: string;
}

/** One weekly digest per recipient and week: the row is written with the outbox job, so several workers send it once. */
export interface DigestSendsTable {
  company_id: number;
  employee_id: number;
  /** The Monday (local day number) of the week the digest reports. */
  week: number;
  created_at: number;
}
