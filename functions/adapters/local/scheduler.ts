import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Scheduler, WakeUp, WakeUpPayload } from '../../ports/scheduler.js';
import type { LocalClock } from './clock.js';

const PK = 'LOCAL#SCHEDULE';

/**
 * EventBridge Scheduler's one-time schedules, locally: kept in the table (so
 * they survive a restart), fired in time order by the local clock, and
 * deleted as they fire (like ActionAfterCompletion: DELETE).
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
  ) {}

  async schedule(wakeUp: WakeUp): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { PK, SK: wakeUp.name, at: wakeUp.at, payload: wakeUp.payload },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { PK, SK: name } }));
  }

  /** The pending wake-ups, earliest first. */
  async pending(): Promise<(WakeUp & { name: string })[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK }, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items
      .map((i) => ({ name: i.SK as string, at: i.at as string, payload: i.payload as WakeUpPayload }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
  }

  /**
   * Moves the clock forward to `target`, stopping at each wake-up due on the
   * way: the clock is set to its time, it fires, and the engine settles
   * before the next. So a pilot lives through its deadlines in order.
   */
  advanceTo(target: Date): Promise<{ name: string; at: string; pilotId: string }[]> {
    return this.exclusively(async () => {
      const fired: { name: string; at: string; pilotId: string }[] = [];
      await this.settled();
      for (;;) {
        const [next] = (await this.pending()).filter((w) => Date.parse(w.at) <= target.getTime());
        if (!next) break;
        await this.clock.moveTo(new Date(next.at));
        if (await this.take(next.name)) {
          await this.fire(next.name, next.payload);
          fired.push({ name: next.name, at: next.at, pilotId: next.payload.pilotId });
        }
        await this.settled();
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
        if (await this.take(next.name)) {
          await this.fire(next.name, next.payload);
          count++;
        }
      }
      return count;
    });
  }

  /** Deletes the schedule; true if this caller deleted it (so it fires once). */
  private async take(name: string): Promise<boolean> {
    try {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { PK, SK: name }, ConditionExpression: 'attribute_exists(PK)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
