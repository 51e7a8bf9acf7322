import type SQLite from 'better-sqlite3';
import { parseJson } from '../../lib/json.ts';
import { readSettings } from '../companies/company-settings.ts';
import { COUNTER_NAMES } from './counters.ts';
import { ROLLUP_KEY_COLUMNS, rollupRows, tagsetTexts, type SignedContribution } from './rollup-store.ts';

/**
 * addContributions for a synchronous better-sqlite3 connection (the demo loader's bulk writer),
 * in the caller's transaction: the same rows (rollupRows), written with prepared statements.
 */
export function sqliteRollupWriter(conn: SQLite.Database) {
  const settings = conn.prepare('select settings from companies where id = ?');
  const findTagset = conn.prepare('select id from report_tagsets where company_id = ? and tags = ?');
  const addTagset = conn.prepare('insert into report_tagsets (company_id, tags) values (?, ?) on conflict (company_id, tags) do nothing');
  const addTag = conn.prepare('insert into report_tagset_tags (company_id, tagset_id, tag) values (?, ?, ?) on conflict do nothing');
  const columns = [...ROLLUP_KEY_COLUMNS, 'month', ...COUNTER_NAMES];
  const upsert = conn.prepare(
    `insert into report_rollups (${columns.join(',')}) values (${columns.map(() => '?').join(',')})
     on conflict (${ROLLUP_KEY_COLUMNS.join(',')}) do update set ${COUNTER_NAMES.map((name) => `${name} = ${name} + excluded.${name}`).join(', ')}`,
  );
  return {
    timeZone(companyId: number): string {
      const row = settings.get(companyId) as { settings: string } | undefined;
      return readSettings(parseJson(row?.settings ?? '{}', {})).time_zone;
    },
    add(companyId: number, changes: readonly SignedContribution[]): void {
      const ids = new Map<string, number>();
      for (const text of tagsetTexts(changes)) {
        let found = findTagset.get(companyId, text) as { id: number } | undefined;
        if (!found) {
          addTagset.run(companyId, text);
          found = findTagset.get(companyId, text) as { id: number };
          for (const tag of JSON.parse(text) as string[]) addTag.run(companyId, found.id, tag);
        }
        ids.set(text, Number(found.id));
      }
      for (const row of rollupRows(companyId, changes, (text) => ids.get(text)!)) upsert.run(columns.map((column) => row[column as keyof typeof row]));
    },
  };
}
