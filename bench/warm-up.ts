import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from '../functions/store/client.js';

// DynamoDB Local is a Java program: its first few thousand calls run in the
// interpreter while the JIT compiles it, and the compiling takes CPU from
// everything else on a 2-core machine. Measured on a fresh emulator, the
// first 31 enrolment-sized transactions (100 items each) took 4.0–4.9 s
// of its CPU and the same 31 once warm 1.5–2.2 s, and a fresh emulator's
// reads took 3–4× their warm time (bench/RESULTS.md, session 7). DynamoDB on AWS is
// never cold, so the bench measures the product against a warm emulator:
// before any section, it runs the call shapes the handlers make, for a few
// seconds, in a partition nothing reads (no index keys, so no query of the
// product sees it).

const WARM_PARTITION = `BENCH#WARM-UP#${randomUUID()}`;

/** A participant-sized item without index keys. */
const item = (sk: string) => ({
  PK: WARM_PARTITION,
  SK: sk,
  entity: 'warm-up',
  name: 'Deltager 1',
  email: 'd1@example.test',
  birthYear: 1980,
  targetGroup: 'academics',
  status: 'enrolled',
  orderKey: 'seq-000000000001',
  enrolledAt: '2026-01-05T08:00:00.000Z',
});

/**
 * Runs the handlers' call shapes against DynamoDB Local for about `seconds`
 * (at least one round): single reads and writes, a query page, a batch read,
 * and enrolment-sized transactions of 100 actions. Returns the rounds made.
 */
export const warmUpDynamoDbLocal = async (ctx: StoreContext, seconds: number): Promise<number> => {
  const { db, tableName: TableName } = ctx;
  await db.send(new PutCommand({ TableName, Item: { PK: WARM_PARTITION, SK: 'COUNTER', n: 0 } }));
  const end = performance.now() + seconds * 1000;
  let rounds = 0;
  let next = 0;
  do {
    for (let i = 0; i < 20; i++) {
      await db.send(new PutCommand({ TableName, Item: item(`P#${next++}`), ConditionExpression: 'attribute_not_exists(PK)' }));
      await db.send(new GetCommand({ TableName, Key: { PK: WARM_PARTITION, SK: 'COUNTER' }, ConsistentRead: true }));
    }
    await db.send(new QueryCommand({ TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': WARM_PARTITION }, Limit: 25 }));
    await db.send(
      new BatchGetCommand({
        RequestItems: { [TableName]: { Keys: Array.from({ length: 25 }, (_, i) => ({ PK: WARM_PARTITION, SK: `P#${i}` })), ConsistentRead: true } },
      }),
    );
    // The enrolment's shape: a counter update and 33 rows of three conditional puts.
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName,
              Key: { PK: WARM_PARTITION, SK: 'COUNTER' },
              UpdateExpression: 'SET n = n + :rows',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':rows': 33 },
            },
          },
          ...Array.from({ length: 99 }, () => ({ Put: { TableName, Item: item(`T#${next++}`), ConditionExpression: 'attribute_not_exists(PK)' } })),
        ],
      }),
    );
    rounds++;
  } while (performance.now() < end);
  return rounds;
};
