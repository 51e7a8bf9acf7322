import type { BatchObserver } from './telemetry.ts';

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while batches are being written are collected and
 * written together by the next call of `writeBatch` (one transaction, one flush),
 * then every caller is answered once that batch is durable. Up to `maxInFlight`
 * batches are written at once, so a new batch can be committed while the disk is
 * still flushing the previous one. If a batch fails, its items are retried one by
 * one so a bad item fails only its own caller.
 */
export class Batcher<I, R> {
  private queue: Pending<I, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly writeBatch: (items: I[]) => Promise<R[]>,
    private readonly options: { maxBatchSize?: number; maxInFlight?: number; observer?: BatchObserver } = {},
  ) {
    options.observer?.watchQueue(() => this.queue.length);
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Starts a batch on the next turn of the event loop, so requests arriving together share it. */
  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= (this.options.maxInFlight ?? 1)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight >= (this.options.maxInFlight ?? 1) || this.queue.length === 0) return;
      const batch = this.queue.splice(0, this.options.maxBatchSize ?? 500);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async write(batch: Pending<I, R>[]): Promise<void> {
    try {
      const started = performance.now();
      const results = await this.writeBatch(batch.map((pending) => pending.item));
      this.options.observer?.batch(batch.length, (performance.now() - started) / 1000);
      batch.forEach((pending, i) => pending.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else await this.writeOneByOne(batch);
    }
  }

  private async writeOneByOne(batch: Pending<I, R>[]): Promise<void> {
    for (const pending of batch) {
      try {
        const [result] = await this.writeBatch([pending.item]);
        pending.resolve(result);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
