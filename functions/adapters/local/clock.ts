import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock.js';

const CLOCK_KEY = { PK: 'LOCAL#CLOCK', SK: 'CLOCK' };

/**
 * The local stack's clock: real time plus an offset that only grows. It is
 * moved forward by the local scheduler (POST /_local/clock/advance) and kept
 * in the table, so a restart does not jump back in time.
 */
export class LocalClock implements Clock {
  private constructor(
    private offsetMs: number,
    private readonly persist: (offsetMs: number) => Promise<void>,
  ) {}

  /** A clock whose offset lives in the table (the local stack). */
  static async persistent(db: DynamoDBDocumentClient, tableName: string): Promise<LocalClock> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: CLOCK_KEY, ConsistentRead: true }));
    return new LocalClock(Number(Item?.offsetMs ?? 0), async (offsetMs) => {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...CLOCK_KEY, offsetMs } }));
    });
  }

  /** A clock that starts at `start` and is kept in memory (tests, the benchmark). */
  static startingAt(start: string | Date): LocalClock {
    return new LocalClock(new Date(start).getTime() - Date.now(), async () => undefined);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock to `instant`; never backwards. */
  async moveTo(instant: Date): Promise<void> {
    const offset = instant.getTime() - Date.now();
    if (offset <= this.offsetMs) return;
    this.offsetMs = offset;
    await this.persist(offset);
  }
}
