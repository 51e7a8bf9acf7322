/** Whether an error means the disk or the database is full (SQLITE_FULL, ENOSPC), also from its message alone (the writer thread's). */
function isStorageFull(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full|ENOSPC|no space left on device/i.test(String(message ?? error));
}

/**
 * Remembers that a write failed because storage is full, until a write succeeds again;
 * /readyz reports not-ready meanwhile.
 */
export class StorageHealth {
  private failure: string | null = null;

  /** Notes a failed write; true when it failed for lack of space. */
  failed(error: unknown): boolean {
    if (!isStorageFull(error)) return false;
    this.failure = error instanceof Error ? error.message : String(error);
    return true;
  }

  succeeded(): void {
    this.failure = null;
  }

  /** The last full-storage error, while no write has succeeded since. */
  problem(): string | null {
    return this.failure;
  }
}
