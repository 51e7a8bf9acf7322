import fs from 'node:fs';

/**
 * The resume state of an export: the last sequence_id written and, for an NDJSON file, the
 * file's size once that record was written (a rerun cuts off anything written after it, so no
 * record appears twice even when the export was killed between two state writes).
 */
export interface ExportState {
  after: number;
  bytes?: number;
}

/** Records between two writes of the state file. */
const ROWS_PER_STATE = 1000;

export function readState(file: string | undefined): ExportState | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { after?: unknown; bytes?: unknown };
  if (typeof state.after !== 'number') return undefined;
  return { after: state.after, ...(typeof state.bytes === 'number' ? { bytes: state.bytes } : {}) };
}

export function writeState(file: string, state: ExportState): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
  fs.renameSync(`${file}.tmp`, file);
}

/** Bytes gathered before one write to the output (many small writes cost more than the export). */
const WRITE_CHUNK_BYTES = 256 * 1024;
const NEWLINE = Buffer.from('\n');

/**
 * NDJSON to a file (appended to when resuming) or stdout, written in chunks of about
 * WRITE_CHUNK_BYTES. Every ROWS_PER_STATE records a chunk ends, and the state file is written
 * once that chunk is (the write callback), so the state never runs ahead of the output.
 */
export class NdjsonOutput {
  private readonly out: NodeJS.WritableStream;
  /** Bytes of the output file up to the end of the last chunk written. */
  private bytes = 0;
  private rows = 0;
  private lines: Buffer[] = [];
  private pending = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly stateFile: string | undefined,
    resume: ExportState | undefined,
  ) {
    if (file && resume && fs.existsSync(file)) {
      const size = fs.statSync(file).size;
      if (resume.bytes !== undefined && size > resume.bytes) fs.truncateSync(file, resume.bytes);
      this.bytes = Math.min(size, resume.bytes ?? size);
    }
    this.out = file ? fs.createWriteStream(file, { flags: resume ? 'a' : 'w' }) : process.stdout;
  }

  /** Writes one record (its JSON as UTF-8) as a line. */
  async write(json: Buffer, sequenceId: number | undefined): Promise<void> {
    // The server writes compact JSON; anything spread over lines is written again on one.
    const line = json.includes(NEWLINE[0]) ? Buffer.from(JSON.stringify(JSON.parse(json.toString('utf8')))) : json;
    this.lines.push(line, NEWLINE);
    this.pending += line.length + 1;
    this.rows++;
    const stateRow = this.stateFile !== undefined && sequenceId !== undefined && this.rows % ROWS_PER_STATE === 0;
    if (stateRow) await this.flush(sequenceId);
    else if (this.pending >= WRITE_CHUNK_BYTES) await this.flush(undefined);
  }

  /** Ends the output and writes the final state (`last` = the last sequence_id written). */
  async finish(last: number | undefined): Promise<void> {
    await this.flush(undefined);
    if (this.out !== process.stdout) await new Promise<void>((resolve, reject) => (this.out as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.stateFile && last !== undefined) writeState(this.stateFile, this.file ? { after: last, bytes: this.bytes } : { after: last });
  }

  /** Writes the gathered lines; with `after`, then stores it (and the size up to here) as the state. */
  private async flush(after: number | undefined): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = Buffer.concat(this.lines, this.pending);
    this.lines = [];
    this.pending = 0;
    this.bytes += chunk.length;
    const state: ExportState | undefined = after === undefined ? undefined : this.file ? { after, bytes: this.bytes } : { after };
    const saveState = state && ((error?: Error | null) => void (error || writeState(this.stateFile!, state)));
    if (!this.out.write(chunk, saveState)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
