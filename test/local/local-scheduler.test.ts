import { describe, expect, it } from 'vitest';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { LocalScheduler } from '../../functions/adapters/local/scheduler.js';
import type { WakeUpPayload } from '../../functions/ports/scheduler.js';
import { freshStore } from '../support/store.js';

// The local scheduler fires each schedule at least once, as EventBridge
// Scheduler does (an invocation that dies is tried again): a process killed
// while a schedule's target runs leaves the schedule, and the next start
// fires it. Against DynamoDB Local, two scheduler instances on one table
// standing for the killed process and its successor.

const START = '2021-03-01T08:00:00.000Z';
const settled = async () => undefined;

describe('the local scheduler, at least once', () => {
  it('fires again after a restart a schedule whose target was cut off mid-run', async () => {
    const { db, tableName } = await freshStore();
    const clock = LocalClock.startingAt(START);
    let started = false;
    const killed = new LocalScheduler(db, tableName, clock, () => ((started = true), new Promise(() => undefined)), settled);
    await killed.schedule({ name: 'p1-survey-invite-1', at: START, payload: { pilotId: 'p1', survey: { step: 'invite', page: 1 } } });

    // The first process takes the schedule and starts its target, which never finishes (the process is gone).
    void killed.fireDue();
    await expect.poll(() => started).toBe(true);
    expect(await killed.pending()).toHaveLength(1);
    expect(await new LocalScheduler(db, tableName, clock, async () => undefined, settled).fireDue()).toBe(0); // still taken

    const fired: WakeUpPayload[] = [];
    const successor = new LocalScheduler(db, tableName, clock, async (_name, payload) => void fired.push(payload), settled);
    expect(await successor.releaseAbandoned()).toBe(1);
    expect(await successor.fireDue()).toBe(1);

    expect(fired).toEqual([{ pilotId: 'p1', survey: { step: 'invite', page: 1 } }]);
    expect(await successor.pending()).toEqual([]);
  });

  it('deletes a fired schedule, and keeps the one its target made again under the same name', async () => {
    const { db, tableName } = await freshStore();
    const clock = LocalClock.startingAt(START);
    const later = new Date(Date.parse(START) + 86_400_000).toISOString();
    let runs = 0;
    const scheduler: LocalScheduler = new LocalScheduler(
      db,
      tableName,
      clock,
      async (name, payload) => {
        runs++;
        if (runs === 1) await scheduler.schedule({ name, at: later, payload });
      },
      settled,
    );
    await scheduler.schedule({ name: 'p2-notice', at: START, payload: { pilotId: 'p2' } });

    expect(await scheduler.fireDue()).toBe(1);
    expect((await scheduler.pending()).map((w) => [w.name, w.at])).toEqual([['p2-notice', later]]);
    await scheduler.advanceTo(new Date(later));
    expect(runs).toBe(2);
    expect(await scheduler.pending()).toEqual([]);
  });

  it('a target that fails is tried twice more, as Lambda retries an asynchronous invocation; then the error goes to the caller and the schedule is gone', async () => {
    const { db, tableName } = await freshStore();
    const clock = LocalClock.startingAt(START);
    let tries = 0;
    const failing = async () => {
      tries++;
      return Promise.reject(new Error(`target failed, try ${tries}`));
    };
    const scheduler = new LocalScheduler(db, tableName, clock, failing, settled);
    await scheduler.schedule({ name: 'p3-x', at: START, payload: { pilotId: 'p3' } });

    await expect(scheduler.fireDue()).rejects.toThrow('target failed, try 3');
    expect(tries).toBe(3);
    expect(await scheduler.pending()).toEqual([]);
  });

  it('a target that fails once and then succeeds is not lost: the retry fires it, once', async () => {
    const { db, tableName } = await freshStore();
    const clock = LocalClock.startingAt(START);
    const fired: string[] = [];
    let tries = 0;
    const flaky = async (name: string) => {
      if (++tries === 1) throw new Error('a transaction conflict, say');
      fired.push(name);
    };
    const scheduler = new LocalScheduler(db, tableName, clock, flaky, settled);
    await scheduler.schedule({ name: 'p4-survey-remind-0', at: START, payload: { pilotId: 'p4', survey: { step: 'remind', page: 0 } } });
    await scheduler.schedule({ name: 'p5-notice', at: START, payload: { pilotId: 'p5' } });

    expect((await scheduler.advanceTo(new Date(START))).map((f) => f.name).sort()).toEqual(['p4-survey-remind-0', 'p5-notice']);
    expect(fired.sort()).toEqual(['p4-survey-remind-0', 'p5-notice']);
    expect(await scheduler.pending()).toEqual([]);
  });

  it("fires different pilots' wake-ups at one instant together, and one pilot's one at a time in name order", async () => {
    const { db, tableName } = await freshStore();
    const clock = LocalClock.startingAt(START);
    const at = new Date(Date.parse(START) + 86_400_000).toISOString();
    const running = new Set<string>();
    const overlaps: string[][] = [];
    const order: string[] = [];
    const scheduler = new LocalScheduler(
      db,
      tableName,
      clock,
      async (name) => {
        running.add(name);
        overlaps.push([...running].sort());
        order.push(name);
        // Held until three run at once (the first round), or for a second (a wake-up that runs alone).
        for (const end = Date.now() + 1000; running.size < 3 && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 10));
        running.delete(name);
      },
      settled,
    );
    for (const name of ['a-2', 'a-1', 'b-1', 'c-1']) await scheduler.schedule({ name, at, payload: { pilotId: name.slice(0, 1) } });

    const fired = await scheduler.advanceTo(new Date(at));

    expect(fired.map((f) => f.name)).toEqual(['a-1', 'b-1', 'c-1', 'a-2']);
    // The three pilots' first wake-ups ran at once; pilot a's second came after its first had finished.
    expect(overlaps).toContainEqual(['a-1', 'b-1', 'c-1']);
    expect(order.indexOf('a-2')).toBeGreaterThan(order.indexOf('a-1'));
    expect(overlaps.find((names) => names.includes('a-2'))).toEqual(['a-2']);
    expect(await scheduler.pending()).toEqual([]);
  });
  it('fires at most `together` pilots at once, and lets the engine settle between the groups', async () => {
    const { db, tableName } = await freshStore();
    const clock = LocalClock.startingAt(START);
    const at = new Date(Date.parse(START) + 86_400_000).toISOString();
    let running = 0;
    let most = 0;
    const events: string[] = [];
    const scheduler = new LocalScheduler(
      db,
      tableName,
      clock,
      async (name) => {
        running++;
        most = Math.max(most, running);
        events.push(`fire ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      },
      async () => {
        // The engine is asked to settle only when no wake-up of the group is still running.
        expect(running).toBe(0);
        events.push('settled');
      },
      2,
    );
    const pilots = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const pilotId of pilots) await scheduler.schedule({ name: `${pilotId}-step`, at, payload: { pilotId } });

    const fired = await scheduler.advanceTo(new Date(at));

    expect(fired.map((f) => f.pilotId).sort()).toEqual(pilots);
    expect(most).toBe(2);
    // Three groups (2, 2, 1), each followed by a settle; the first settle is advanceTo's own before anything fires.
    const groups = events
      .join(' ')
      .split('settled')
      .map((g) => g.trim())
      .filter((g) => g !== '');
    expect(groups.map((g) => g.split('fire ').filter((x) => x !== '').length)).toEqual([2, 2, 1]);
    expect(events[0]).toBe('settled');
    expect(events.at(-1)).toBe('settled');
  });
});
