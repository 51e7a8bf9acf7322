import type { BatchObserver } from './telemetry.ts';

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while a batch is being written are collected and
 * written together by the next call of `writeBatch` (one transaction, one fsync),
 * then every caller is answered once that batch has committed. If a batch fails,
 * its items are retried one by one so a bad item fails only its own caller, unless
 * `retryAlone(error)` says the failure is not the items' (then the batch fails together).
 */
export class Batcher<I, R> {
  private queue: Pending<I, R>[] = [];
  private running = false;

  constructor(
    private readonly writeBatch: (items: I[]) => Promise<R[]>,
    private readonly maxBatchSize = 500,
    private readonly observer?: BatchObserver,
    private readonly retryAlone: (error: unknown) => boolean = () => true,
  ) {
    observer?.watchQueue(() => this.queue.length);
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      try {
        const started = performance.now();
        const results = await this.writeBatch(batch.map((pending) => pending.item));
        this.observer?.batch(batch.length, (performance.now() - started) / 1000);
        batch.forEach((pending, i) => pending.resolve(results[i]));
      } catch (error) {
        if (batch.length === 1 || !this.retryAlone(error)) for (const pending of batch) pending.reject(error);
        else await this.writeOneByOne(batch);
      }
    }
    this.running = false;
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
