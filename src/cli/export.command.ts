import fs from 'node:fs';
import type { Command } from 'commander';
import { AgentConnectClient } from 'agent-connect-client';
import { InvalidInputError } from '../lib/errors.ts';
import { CsvExport } from './csv-export.ts';

const KINDS = ['feedback', 'qa', 'audits', 'calibrations', 'coaching', 'employees'] as const;
type Kind = (typeof KINDS)[number];

interface ExportOptions {
  url: string;
  apiKey: string;
  apiSecret: string;
  after?: string;
  format: 'ndjson' | 'csv';
  out?: string;
  state?: string;
}

function records(client: AgentConnectClient, kind: Kind, after: number | undefined): AsyncIterable<Record<string, unknown>> {
  switch (kind) {
    case 'feedback':
      return client.feedback.list({ after, include_recovery: true }) as AsyncIterable<unknown> as AsyncIterable<Record<string, unknown>>;
    case 'qa':
      return client.qa.reviews.list({ after });
    case 'audits':
      return client.qa.audits.list({ after });
    case 'calibrations':
      return client.qa.calibrations.list({ after });
    case 'coaching':
      return client.coaching.sessions.list({ after });
    case 'employees':
      return client.employees.list() as AsyncIterable<unknown> as AsyncIterable<Record<string, unknown>>;
  }
}

function readState(file: string | undefined): number | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  const after = (JSON.parse(fs.readFileSync(file, 'utf8')) as { after?: unknown }).after;
  return typeof after === 'number' ? after : undefined;
}

function writeState(file: string, after: number): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ after }));
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * `agent-connect export <kind>`: pages a data-return feed into NDJSON or CSV, resumable by sequence_id.
 * CSV has the columns of every record (see CsvExport), so it is written once the feed is read.
 */
export async function runExport(kind: Kind, options: ExportOptions): Promise<void> {
  if (!KINDS.includes(kind)) throw new InvalidInputError(`kind must be one of: ${KINDS.join(', ')}`);
  if (options.after !== undefined && !/^\d+$/.test(options.after)) throw new InvalidInputError('--after must be a sequence_id (a whole number)');
  const after = options.after !== undefined ? Number(options.after) : readState(options.state);
  const client = new AgentConnectClient({ baseUrl: options.url, apiKey: options.apiKey, apiSecret: options.apiSecret });
  const csv = options.format === 'csv' ? new CsvExport() : null;
  const out: NodeJS.WritableStream | null = csv ? null : options.out ? fs.createWriteStream(options.out, { flags: after !== undefined ? 'a' : 'w' }) : process.stdout;
  const progress = process.stderr.isTTY;
  const started = Date.now();
  let rows = 0;
  let last = after;
  for await (const record of records(client, kind, after)) {
    if (csv) await csv.add(record);
    else if (!out!.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out!.once('drain', () => resolve()));
    rows++;
    if (typeof record.sequence_id === 'number') {
      last = record.sequence_id;
      if (options.state && !csv && rows % 1000 === 0) writeState(options.state, last);
    }
    if (progress && rows % 500 === 0) {
      const rate = rows / Math.max((Date.now() - started) / 1000, 0.001);
      process.stderr.write(`\r${rows} rows, ${rate.toFixed(0)} rows/s, last sequence_id ${last ?? '-'}   `);
    }
  }
  if (csv) await csv.finish(options.out, after !== undefined);
  if (options.state && last !== undefined) writeState(options.state, last);
  if (out && out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
  process.stderr.write(`${progress ? '\n' : ''}exported ${rows} ${kind} rows; last sequence_id: ${last ?? 'none'}\n`);
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
    .option('--out <file>', 'write here instead of stdout (appended when resuming)')
    .option('--state <file>', 'read the sequence_id to resume from, and store the last one exported')
    .action((kind: Kind, options: ExportOptions) => {
      if (options.format !== 'ndjson' && options.format !== 'csv') throw new InvalidInputError('--format must be ndjson or csv');
      return runExport(kind, options);
    });
}
