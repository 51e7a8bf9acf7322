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

/**
 * NDJSON to a file (appended to when resuming) or stdout, writing the state file every
 * ROWS_PER_STATE records once the records before it are written (the write callback), so the
 * state never runs ahead of the output.
 */
export class NdjsonOutput {
  private readonly out: NodeJS.WritableStream;
  private bytes = 0;
  private rows = 0;

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

  async write(text: string, sequenceId: number | undefined): Promise<void> {
    // The server writes compact JSON; anything spread over lines is written again on one.
    const line = `${text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text}\n`;
    this.bytes += Buffer.byteLength(line);
    this.rows++;
    const saveState = this.stateFile && sequenceId !== undefined && this.rows % ROWS_PER_STATE === 0 ? this.stateAt(sequenceId) : undefined;
    if (!this.out.write(line, saveState)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  /** Ends the output and writes the final state (`last` = the last sequence_id written). */
  async finish(last: number | undefined): Promise<void> {
    if (this.out !== process.stdout) await new Promise<void>((resolve, reject) => (this.out as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.stateFile && last !== undefined) this.stateAt(last)();
  }

  /** Writes the state as it is now, when called (a write callback: not when the write failed). */
  private stateAt(after: number): (error?: Error | null) => void {
    const state: ExportState = this.file ? { after, bytes: this.bytes } : { after };
    return (error) => {
      if (!error) writeState(this.stateFile!, state);
    };
  }
}
