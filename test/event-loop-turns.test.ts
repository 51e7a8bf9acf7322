import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLoopTurns } from '../src/lib/event-loop-turns.ts';

/** Keeps the thread busy, as a synchronous SQLite read does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** A job of `steps` synchronous steps that awaits its turn before each; logs `name` per step. */
async function job(turns: EventLoopTurns, name: string, steps: number, log: string[]): Promise<void> {
  for (let i = 0; i < steps; i++) {
    await turns.next();
    busy(2);
    log.push(name);
  }
}

describe('EventLoopTurns', () => {
  it('lets timers run while jobs hold the loop, and alternates waiting jobs one step per turn', async () => {
    const turns = new EventLoopTurns(5);
    const log: string[] = [];
    let timerRan = -1;
    setTimeout(() => (timerRan = log.length), 0);
    await Promise.all([job(turns, 'a', 30, log), job(turns, 'b', 30, log)]);
    assert.ok(timerRan >= 0 && timerRan < 20, `the timer ran after ${timerRan} of 60 steps`);
    // Once both wait, neither takes two steps in a row.
    const tail = log.slice(20, 50).join('');
    assert.ok(!tail.includes('aa') && !tail.includes('bb'), tail);
  });

  it('lets a lone job run on within its budget', async () => {
    const turns = new EventLoopTurns(1_000);
    const log: string[] = [];
    let immediateRan = -1;
    setImmediate(() => (immediateRan = log.length));
    await job(turns, 'a', 10, log);
    assert.equal(immediateRan, -1, 'ten 2 ms steps fit in a 1 s budget: the job never let the loop turn');
  });
});
