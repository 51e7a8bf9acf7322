/**
 * Shares the event loop between long jobs made of short steps (a streamed export on SQLite,
 * whose reads are synchronous, never waits for I/O by itself). A job awaits `next()` before
 * each step: it goes on at once while the loop has turned within the last `budgetMs`; otherwise
 * it waits for the loop to turn (after the pending I/O: requests, socket writes), and waiting
 * jobs go on one per turn in the order they came, so the server keeps answering and the jobs
 * progress side by side. With no other job waiting, a job loses one loop turn per budget.
 */
export class EventLoopTurns {
  private turnStarted = performance.now();
  private ticking = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly budgetMs: number) {}

  next(): Promise<void> | undefined {
    this.tick();
    if (this.waiting.length === 0 && performance.now() - this.turnStarted < this.budgetMs) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => {
      this.ticking = false;
      this.turnStarted = performance.now();
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.tick();
    });
  }
}
