import { setTimeout as sleep } from 'node:timers/promises';

/** Rows between two redraws of the progress line. */
const ROWS_PER_REDRAW = 500;

/**
 * What an export tells the operator on stderr. On a terminal, one line redrawn in place: rows,
 * speed and last sequence_id, or while waiting the reason and a countdown redrawn each second.
 * Otherwise (a log, a pipe) no progress line, but one line per wait and per notice.
 */
export class ExportProgress {
  private readonly tty: boolean;
  private readonly started = Date.now();
  private drawn = false;

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr) {
    this.tty = stream.isTTY === true;
  }

  /** Called after each row written. */
  row(rows: number, last: number | undefined): void {
    if (!this.tty || rows % ROWS_PER_REDRAW !== 0) return;
    const rate = rows / Math.max((Date.now() - this.started) / 1000, 0.001);
    this.draw(`${rows} rows, ${rate.toFixed(0)} rows/s, last sequence_id ${last ?? '-'}`);
  }

  /** Waits `seconds`, saying why: "rate limited by the server; retrying in 12 s", counted down each second on a terminal. */
  async wait(seconds: number, reason: string): Promise<void> {
    if (!this.tty) {
      this.stream.write(`${reason}; retrying in ${seconds} s\n`);
      await sleep(seconds * 1000);
      return;
    }
    for (let left = seconds; left > 0; left--) {
      this.draw(`${reason}; retrying in ${left} s`);
      await sleep(1000);
    }
    this.draw(`${reason}; retrying now`);
  }

  /** A line of its own (after the progress line, which is redrawn with the next rows). */
  notice(line: string): void {
    this.end();
    this.stream.write(`${line}\n`);
  }

  /** Leaves the progress line in place and moves to the next line. */
  end(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private draw(text: string): void {
    this.stream.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }
}
