import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const fdatasync = promisify(fs.fdatasync);

/**
 * Makes committed SQLite WAL transactions durable in groups. A connection running with
 * synchronous=NORMAL commits without waiting for the disk; calling `sync()` after a commit
 * returns once that commit is on disk. One fdatasync covers every commit made before it
 * started, and the next batch can be written while the disk flushes the previous one, so
 * durability costs one flush per group instead of one per transaction.
 *
 * SQLite still syncs the WAL before each checkpoint and the database after it, so the
 * order of writes on disk stays safe; only the per-commit flush moves here.
 */
export class WalSync {
  private fd: number | null = null;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly databaseFile: string,
    private readonly flush: (fd: number) => Promise<void> = fdatasync,
  ) {}

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    // A flush that has not started yet will cover this commit too.
    if (this.queued) return this.queued;
    // A running flush may have started before this commit: wait for it, then flush again.
    if (this.inFlight) {
      this.queued = this.inFlight.then(() => {
        this.queued = null;
        return this.start();
      });
      return this.queued;
    }
    return this.start();
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private start(): Promise<void> {
    this.inFlight = this.flush(this.walFd()).finally(() => {
      if (this.inFlight === tracked) this.inFlight = null;
    });
    const tracked = this.inFlight;
    return tracked;
  }

  /** The WAL file exists once the database is in WAL mode and has been written. */
  private walFd(): number {
    if (this.fd === null) {
      this.fd = fs.openSync(`${this.databaseFile}-wal`, 'r');
      // The WAL's directory entry must be durable too (it is created once per database).
      const dir = fs.openSync(path.dirname(path.resolve(this.databaseFile)), 'r');
      try {
        fs.fsyncSync(dir);
      } finally {
        fs.closeSync(dir);
      }
    }
    return this.fd;
  }
}
