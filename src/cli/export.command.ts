import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import { CsvExport } from './csv-export.ts';
import { ExportHttp } from './export-http.ts';
import { NdjsonOutput, readState, writeState, type ExportState } from './export-ndjson.ts';
import { ExportProgress } from './export-progress.ts';
import { exportRecords, KINDS, type Kind } from './export-sources.ts';

export interface ExportOptions {
  url: string;
  apiKey: string;
  apiSecret: string;
  after?: string;
  format: 'ndjson' | 'csv';
  out?: string;
  state?: string;
}

/**
 * `agent-connect export <kind>`: a data-return feed as NDJSON or CSV, resumable by sequence_id.
 * Feedback comes in one streamed request per resume point; the QA and coaching feeds, which the
 * server only pages, a page of 1,000 at a time. NDJSON keeps the state file current as it goes;
 * CSV has the columns of every record (see CsvExport), so it is written, and its state stored,
 * once the feed is read. Rate-limit waits and lost connections are told on stderr.
 */
export async function runExport(kind: Kind, options: ExportOptions, progress = new ExportProgress()): Promise<{ rows: number; last: number | undefined }> {
  if (!KINDS.includes(kind)) throw new InvalidInputError(`kind must be one of: ${KINDS.join(', ')}`);
  if (options.after !== undefined && !/^\d+$/.test(options.after)) throw new InvalidInputError('--after must be a sequence_id (a whole number)');
  const resume: ExportState | undefined = options.after !== undefined ? { after: Number(options.after) } : readState(options.state);
  const http = new ExportHttp({ url: options.url, apiKey: options.apiKey, apiSecret: options.apiSecret }, (seconds, reason) => progress.wait(seconds, reason));
  const csv = options.format === 'csv' ? new CsvExport() : null;
  const ndjson = csv ? null : new NdjsonOutput(options.out, options.state, resume);
  let rows = 0;
  let last = resume?.after;
  try {
    for await (const record of exportRecords(http, progress, kind, resume?.after)) {
      if (csv) await csv.add(record.value);
      else await ndjson!.write(record.bytes, record.sequenceId);
      rows++;
      last = record.sequenceId ?? last;
      progress.row(rows, last);
    }
  } finally {
    progress.end();
  }
  if (csv) {
    await csv.finish(options.out, resume !== undefined);
    if (options.state && last !== undefined) writeState(options.state, { after: last });
  } else await ndjson!.finish(last);
  process.stderr.write(`exported ${rows} ${kind} rows; last sequence_id: ${last ?? 'none'}\n`);
  return { rows, last };
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Export a data-return feed (feedback, qa, audits, calibrations, coaching, employees) as NDJSON or CSV')
    .argument('<kind>', KINDS.join('|'))
    .requiredOption('--url <url>', 'base URL of the Agent Connect server')
    .requiredOption('--api-key <key>', 'production (or test) API key')
    .requiredOption('--api-secret <secret>', 'API secret (signs the JWTs)')
    .option('--after <sequence_id>', 'start after this sequence_id')
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('--out <file>', 'write here instead of stdout (appended to when resuming)')
    .option('--state <file>', 'resume from the sequence_id stored here, and keep it current as the export goes')
    .action(async (kind: Kind, options: ExportOptions) => {
      if (options.format !== 'ndjson' && options.format !== 'csv') throw new InvalidInputError('--format must be ndjson or csv');
      await runExport(kind, options);
    });
}
