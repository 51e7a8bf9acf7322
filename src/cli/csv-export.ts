import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { csvRow } from '../lib/csv.ts';
import { csvRecord, flatten } from './export-format.ts';

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function end(stream: fs.WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * The CSV records of a file one at a time (a record ends at a newline outside double quotes),
 * without the trailing newline.
 */
async function* csvRecords(file: string): AsyncGenerator<string> {
  let record = '';
  let quoted = false;
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8' })) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (char === '"') quoted = !quoted;
      else if (char === '\n' && !quoted) {
        yield record + chunk.slice(start, i);
        record = '';
        start = i + 1;
      }
    }
    record += chunk.slice(start);
  }
  if (record !== '') yield record;
}

/** The cells of one CSV record, unquoted, with the `'` put before a formula-like column name removed. */
function headerCells(record: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const char = record[i];
    if (quoted && char === '"' && record[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((name) => (/^'[=+\-@\t\r]/.test(name) ? name.slice(1) : name));
}

/**
 * Writes records as CSV with the columns of all of them, not only the first. Records are flattened
 * and spooled to a temporary file while their columns are collected (memory holds the column names
 * and one record), then the header and the rows are written. Resuming into an existing file keeps
 * its columns; when the new records have columns it lacks, the file is rewritten with them added
 * at the end and its earlier rows padded with empty cells.
 */
export class CsvExport {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-export-'));
  private readonly spoolPath = path.join(this.dir, 'records.ndjson');
  private readonly spool = fs.createWriteStream(this.spoolPath);
  private readonly columns = new Set<string>();

  async add(record: Record<string, unknown>): Promise<void> {
    const flat = flatten(record);
    for (const column of Object.keys(flat)) this.columns.add(column);
    await write(this.spool, `${JSON.stringify(flat)}\n`);
  }

  /** Writes the CSV to `out` (appended to when `append` and it has a header), or to stdout; removes the spool. */
  async finish(out: string | undefined, append: boolean): Promise<void> {
    try {
      await end(this.spool);
      const existing = out && append && fs.existsSync(out) && fs.statSync(out).size > 0 ? out : null;
      if (!existing) {
        const target = out ? fs.createWriteStream(out) : process.stdout;
        await this.writeAll(target, [...this.columns], true);
        if (target !== process.stdout) await end(target as fs.WriteStream);
        return;
      }
      let header: string[] = [];
      for await (const record of csvRecords(existing)) {
        header = headerCells(record);
        break;
      }
      const added = [...this.columns].filter((column) => !header.includes(column));
      if (added.length === 0) {
        const target = fs.createWriteStream(existing, { flags: 'a' });
        await this.writeAll(target, header, false);
        return end(target);
      }
      await this.widen(existing, header, added);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private async writeAll(target: NodeJS.WritableStream, columns: string[], withHeader: boolean): Promise<void> {
    if (withHeader) await write(target, csvRow(columns));
    const lines = readline.createInterface({ input: fs.createReadStream(this.spoolPath), crlfDelay: Infinity });
    for await (const line of lines) if (line) await write(target, csvRecord(columns, JSON.parse(line)));
  }

  /** Rewrites `file` with `added` columns after its own (earlier rows padded), then the new rows. */
  private async widen(file: string, header: string[], added: string[]): Promise<void> {
    const columns = [...header, ...added];
    const temporary = `${file}.widening`;
    const target = fs.createWriteStream(temporary);
    await write(target, csvRow(columns));
    let first = true;
    for await (const record of csvRecords(file)) {
      if (!first) await write(target, `${record}${','.repeat(added.length)}\n`);
      first = false;
    }
    await this.writeAll(target, columns, false);
    await end(target);
    fs.renameSync(temporary, file);
  }
}
