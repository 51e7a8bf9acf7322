import type { RolesRepository } from '../employees/roles.repository.ts';
import { dueDigestWeek } from './digest-schedule.ts';
import type { DigestRepository } from './digest.repository.ts';

/** How often a worker process looks for digests to send (DIGEST_TICK_MS). */
export const DIGEST_TICK_MS = 5 * 60_000;

interface Log {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Enqueues the weekly digests that are due: on each tick, for every company whose local time is
 * Monday 07:00 or later, one weekly_digest job per recipient for the week just ended. Any number
 * of workers may tick at once: digest_sends decides who enqueues (digest.repository.ts).
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repository: DigestRepository,
    private readonly roles: Pick<RolesRepository, 'listRoles'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One pass over the companies at `now` (whose local calendar decides what is due); returns the
   * jobs this pass enqueued by company id. The jobs themselves are due at once, by the outbox's clock.
   */
  async tick(now = this.now()): Promise<Map<number, number[]>> {
    const enqueued = new Map<number, number[]>();
    for (const company of await this.repository.companies()) {
      const week = dueDigestWeek(now, company.timeZone);
      if (week === null) continue;
      const adminRoles = (await this.roles.listRoles(company.id)).filter((role) => role.capabilities.includes('admin')).map((role) => role.name);
      const ids = await this.repository.enqueueWeek(company.id, week, adminRoles, Date.now());
      if (ids.length > 0) enqueued.set(company.id, ids);
    }
    return enqueued;
  }

  /** Ticks now and every `intervalMs` until stop(); a failed tick is logged and the next one tries again. */
  start(intervalMs = DIGEST_TICK_MS, log?: Log): this {
    let busy = false;
    const run = () => {
      if (busy) return;
      busy = true;
      this.running = this.tick().then(
        (enqueued) => {
          const total = [...enqueued.values()].reduce((sum, ids) => sum + ids.length, 0);
          if (total > 0) log?.info({ digests: total, companies: enqueued.size }, 'weekly digests enqueued');
        },
        (error: unknown) => log?.error({ err: error }, 'the weekly digest tick failed'),
      ).finally(() => {
        busy = false;
      });
    };
    run();
    this.timer = setInterval(run, intervalMs).unref();
    return this;
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
