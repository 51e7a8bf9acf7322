import type { Scope } from '../../access/scope.ts';
import type { StreamCardView } from '../stream.schemas.ts';
import type { StreamCriteria } from '../stream.repository.ts';

/** One open live stream: whose, which responses, and where it is in its company's change feed. */
export interface Subscriber {
  companyId: number;
  scope: Scope;
  criteria: StreamCriteria;
  /** Every change up to this sequence id has been looked at (and sent when it matched). */
  cursor: number;
  send(card: StreamCardView): void;
  /** Sends a comment line (keeps proxies from closing an idle connection). */
  heartbeat(): void;
  /** Whether the session is still valid (re-read from the database); false closes the stream. */
  stillSignedIn(): Promise<boolean>;
  close(): void;
}

export interface HubSource {
  /** The last sequence id of each company (committed: every change up to it is visible). */
  sequenceHeads(companyIds: readonly number[]): Promise<Map<number, number>>;
  /** Matching responses with cursor < sequence_id <= upTo, oldest first, at most `limit`. */
  changedAfter(subscriber: Subscriber, upTo: number, limit: number): Promise<StreamCardView[]>;
}

export interface HubTimings {
  pollMs: number;
  heartbeatMs: number;
  sessionCheckMs: number;
}

const BATCH = 100;

/**
 * The live Stream of one process. Every `pollMs` while streams are open it reads the change-feed
 * counters of their companies (one query), and each stream whose company moved on loads what
 * changed in its scope and filters and sends it. Nothing is kept only here: the counters and
 * rows are in the database, so answers saved by any process arrive.
 */
export class StreamHub {
  private readonly subscribers = new Set<Subscriber>();
  private pollTimer: NodeJS.Timeout | null = null;
  private beatTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly source: HubSource,
    readonly timings: HubTimings = { pollMs: 500, heartbeatMs: 15_000, sessionCheckMs: 15_000 },
    private readonly log?: { warn(details: object, message: string): void },
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  add(subscriber: Subscriber): () => void {
    if (this.stopped) {
      subscriber.close();
      return () => {};
    }
    this.subscribers.add(subscriber);
    this.startTimers();
    return () => this.remove(subscriber);
  }

  remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stopTimers();
  }

  /** Looks for changes now (the timer calls it; tests may too). */
  async tick(): Promise<void> {
    if (this.ticking || this.subscribers.size === 0) return;
    this.ticking = true;
    try {
      const subscribers = [...this.subscribers];
      const heads = await this.source.sequenceHeads([...new Set(subscribers.map((s) => s.companyId))]);
      await Promise.all(subscribers.map((subscriber) => this.catchUp(subscriber, heads.get(subscriber.companyId) ?? 0)));
    } catch (error) {
      this.log?.warn({ err: error }, 'the live Stream could not read the change feed; retrying');
    } finally {
      this.ticking = false;
    }
  }

  /** Closes streams whose session has ended (revoked, expired, signed out). */
  async checkSessions(): Promise<void> {
    for (const subscriber of [...this.subscribers]) {
      const valid = await subscriber.stillSignedIn().catch(() => true);
      if (!valid) {
        this.remove(subscriber);
        subscriber.close();
      }
    }
  }

  /** Ends every stream and stops the timers (app close). */
  stop(): void {
    this.stopped = true;
    for (const subscriber of [...this.subscribers]) subscriber.close();
    this.subscribers.clear();
    this.stopTimers();
  }

  private async catchUp(subscriber: Subscriber, head: number): Promise<void> {
    while (head > subscriber.cursor && this.subscribers.has(subscriber)) {
      const cards = await this.source.changedAfter(subscriber, head, BATCH);
      for (const card of cards) subscriber.send(card);
      subscriber.cursor = cards.length === BATCH ? cards[cards.length - 1].sequence_id : head;
    }
  }

  private startTimers(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.tick(), this.timings.pollMs);
    this.beatTimer = setInterval(() => {
      for (const subscriber of this.subscribers) subscriber.heartbeat();
    }, this.timings.heartbeatMs);
    this.checkTimer = setInterval(() => void this.checkSessions(), this.timings.sessionCheckMs);
    for (const timer of [this.pollTimer, this.beatTimer, this.checkTimer]) timer.unref();
  }

  private stopTimers(): void {
    for (const timer of [this.pollTimer, this.beatTimer, this.checkTimer]) if (timer) clearInterval(timer);
    this.pollTimer = this.beatTimer = this.checkTimer = null;
  }
}
