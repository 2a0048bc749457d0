import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Scheduler, WakeUp, WakeUpPayload } from '../../ports/scheduler.js';
import type { LocalClock } from './clock.js';

const PK = 'LOCAL#SCHEDULE';

/**
 * EventBridge Scheduler's one-time schedules, locally: kept in the table (so
 * they survive a restart), fired in time order by the local clock, and
 * deleted once fired (like ActionAfterCompletion: DELETE).
 *
 * At least once, as on AWS, where a schedule's asynchronous invocation is
 * retried when the function fails or dies: a schedule is marked `firing`
 * while its target runs and deleted after, so a process killed in between
 * leaves it in the table, and the next start (releaseAbandoned) fires it
 * again. Every target is idempotent for that reason (a wake-up's token is
 * taken once; each e-mail is sent once by its key).
 */
export class LocalScheduler implements Scheduler {
  /** Serialises firing: the ticker and a clock advance never fire at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: LocalClock,
    /** Invokes the schedule's target (the wake-up function, or the digest) with its payload. */
    private readonly fire: (name: string, payload: WakeUpPayload) => Promise<unknown>,
    /** Resolves once the workflow engine has nothing moving (every execution parked or ended). */
    private readonly settled: () => Promise<void>,
    /**
     * How many pilots' wake-ups at one instant fire together before the engine
     * settles and the next ones fire. Bounded: a hundred steps at once on one
     * DynamoDB Local each took over the step's 60 s timeout (the bench at N=100).
     */
    private readonly together = 8,
    /**
     * Times a target that failed is invoked again before its error goes to
     * the caller and the schedule is given up: on AWS the scheduler's targets
     * are invoked asynchronously, and Lambda tries a failed asynchronous
     * invocation twice more (ProjectFunction's retryAttempts) before it goes
     * to the on-failure queue. Here without Lambda's minutes between the tries
     * (the clock may be fast-forwarded), after a short pause each.
     */
    private readonly retries = 2,
  ) {}

  async schedule(wakeUp: WakeUp): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { PK, SK: wakeUp.name, at: wakeUp.at, payload: wakeUp.payload },
          // A schedule of that name being fired right now is done with: the new one replaces it.
          ConditionExpression: 'attribute_not_exists(PK) OR attribute_exists(firing)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { PK, SK: name } }));
  }

  /** The pending wake-ups, earliest first (one being fired included, until it is done). */
  async pending(): Promise<(WakeUp & { name: string })[]> {
    return (await this.items())
      .map((i) => ({ name: i.SK as string, at: i.at as string, payload: i.payload as WakeUpPayload }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
  }

  private async items(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK }, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Moves the clock forward to `target`, stopping at each instant a wake-up
   * is due on the way: the clock is set to it, its wake-ups fire, and the
   * engine settles before the next. So a pilot lives through its deadlines in
   * order. Different pilots' wake-ups due at the same instant fire together,
   * `together` at a time (EventBridge Scheduler does not queue one pilot
   * behind another either), so pilots with the same dates move side by side
   * rather than one after the other; one pilot's wake-ups at the same instant
   * still fire one at a time in name order, each after the engine settled
   * from the last.
   */
  advanceTo(target: Date): Promise<{ name: string; at: string; pilotId: string }[]> {
    return this.exclusively(async () => {
      const fired: { name: string; at: string; pilotId: string }[] = [];
      await this.settled();
      for (;;) {
        const due = (await this.pending()).filter((w) => Date.parse(w.at) <= target.getTime());
        const first = due[0];
        if (!first) break;
        await this.clock.moveTo(new Date(first.at));
        // The earliest instant's wake-ups, the first (by name) of each pilot; the rest of a pilot's come in the next round.
        const round = new Map<string, WakeUp & { name: string }>();
        for (const w of due) if (w.at === first.at && !round.has(w.payload.pilotId)) round.set(w.payload.pilotId, w);
        const wakeUps = [...round.values()];
        for (let i = 0; i < wakeUps.length; i += this.together) {
          const results = await Promise.allSettled(
            wakeUps.slice(i, i + this.together).map(async (next) => {
              const mark = await this.take(next.name);
              if (!mark) return undefined;
              await this.fireTaken(next, mark);
              return { name: next.name, at: next.at, pilotId: next.payload.pilotId };
            }),
          );
          for (const r of results) if (r.status === 'fulfilled' && r.value) fired.push(r.value);
          await this.settled();
          const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
          if (failed) throw failed.reason;
        }
      }
      await this.clock.moveTo(target);
      return fired;
    });
  }

  /** Fires what is due at the clock's current time (the real-time ticker). */
  fireDue(): Promise<number> {
    return this.exclusively(async () => {
      let count = 0;
      for (const next of await this.pending()) {
        if (Date.parse(next.at) > this.clock.now().getTime()) break;
        const mark = await this.take(next.name);
        if (mark) {
          await this.fireTaken(next, mark);
          count++;
        }
      }
      return count;
    });
  }

  /**
   * The schedules a killed process was firing: the only process on this
   * table has just started, so a `firing` mark is its dead predecessor's.
   * Released, they are due again and fire on the next tick or advance.
   */
  async releaseAbandoned(): Promise<number> {
    const abandoned = (await this.items()).filter((i) => i.firing !== undefined);
    for (const item of abandoned) {
      await this.db
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { PK, SK: item.SK },
            UpdateExpression: 'REMOVE firing',
            ConditionExpression: 'attribute_exists(PK)',
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    }
    return abandoned.length;
  }

  /**
   * Fires one schedule this caller has taken, then deletes it (also when its
   * target failed `retries` more times: the last error goes on to the
   * caller). Only the mark this caller set is deleted: a target that
   * scheduled the same name again replaced the item, and the new schedule
   * stays.
   */
  private async fireTaken(next: WakeUp & { name: string }, mark: string): Promise<void> {
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.fire(next.name, next.payload);
          break;
        } catch (error) {
          if (attempt >= this.retries) throw error;
          await sleep(50 * (attempt + 1));
        }
      }
    } finally {
      await this.db
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { PK, SK: next.name },
            ConditionExpression: 'firing = :mark',
            ExpressionAttributeValues: { ':mark': mark },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    }
  }

  /** Marks the schedule as firing; the mark if this caller set it (so one caller fires it), else undefined. */
  private async take(name: string): Promise<string | undefined> {
    const mark = `${new Date().toISOString()}#${randomUUID()}`;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK, SK: name },
          UpdateExpression: 'SET firing = :mark',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(firing)',
          ExpressionAttributeValues: { ':mark': mark },
        }),
      );
      return mark;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
