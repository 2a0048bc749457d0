import { once } from 'node:events';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from '../functions/store/client.js';
import { load, type LoadFigures } from './load.js';

// The floors, measured in the same run as what they are floors of: a bare
// Node http server on loopback (what any request pays for the round trip),
// and single DynamoDB Local calls from the same kind of client the handlers
// use (what each of their calls pays at least).

export interface LatencyFigures {
  concurrency: number;
  calls: number;
  p50Ms: number;
  p99Ms: number;
}

export type DynamoFloorOp = 'PutItem' | 'TransactWriteItems' | 'GetItem' | 'Query';

export interface Floors {
  /** By concurrent clients. */
  loopback: Record<number, LoadFigures>;
  /** By operation, then by concurrent clients. */
  dynamo: Record<DynamoFloorOp, Record<number, LatencyFigures>>;
}

export const loopbackFloor = async (connections: number, seconds: number): Promise<LoadFigures> => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    return await load({ url: `http://127.0.0.1:${port}`, connections, seconds, path: '/pilots/x' });
  } finally {
    server.closeAllConnections();
    server.close();
  }
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** `concurrency` loops each calling `op` back to back for `seconds`. */
const closedLoop = async (concurrency: number, seconds: number, op: (worker: number) => Promise<unknown>): Promise<LatencyFigures> => {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < end) {
        const t = performance.now();
        await op(worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { concurrency, calls: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
};

/**
 * Each floor operation shaped like what the handlers do: a participant-sized
 * PutItem; the enrolment's TransactWriteItems (a counter update and three
 * puts; each concurrent client updates a counter item of its own, so they never conflict);
 * a GetItem of a pilot-sized item; a Query of one page (25 participant-sized
 * items, as the participant list's `limit=25`: until session 8 the partition
 * it read held one item, which put every Query's floor below a page's cost).
 */
/** The page a Query floor reads: the bench's participant list asks for `limit=25`. */
const QUERY_PAGE = 25;

export const dynamoFloor = async (ctx: StoreContext, op: DynamoFloorOp, concurrency: number, seconds: number): Promise<LatencyFigures> => {
  const { db, tableName: TableName } = ctx;
  const partition = `BENCH#${randomUUID()}`;
  const body = { name: 'Deltager 1', email: 'd1@example.test', birthYear: 1980, targetGroup: 'academics', status: 'enrolled', orderKey: '0001' };
  for (let i = 0; i < concurrency; i++) {
    await db.send(new PutCommand({ TableName, Item: { PK: `${partition}#${i}`, SK: 'PILOT', counts: { enrolled: 0 }, ...body } }));
  }
  // The page the Query floor reads: 25 participants beside the pilot-sized item of partition 0.
  if (op === 'Query') {
    for (let i = 0; i < QUERY_PAGE; i++)
      await db.send(new PutCommand({ TableName, Item: { PK: `${partition}#0`, SK: `P#${String(i).padStart(4, '0')}`, ...body } }));
  }
  let next = 0;
  const run = {
    PutItem: () => db.send(new PutCommand({ TableName, Item: { PK: partition, SK: `P#${next++}`, ...body } })),
    TransactWriteItems: (worker: number) => {
      const n = next++;
      const counter = `${partition}#${worker}`;
      return db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName,
                Key: { PK: counter, SK: 'PILOT' },
                UpdateExpression: 'SET counts.enrolled = counts.enrolled + :one',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            { Put: { TableName, Item: { PK: counter, SK: `REF#${n}` }, ConditionExpression: 'attribute_not_exists(PK)' } },
            { Put: { TableName, Item: { PK: counter, SK: `P#${n}`, ...body }, ConditionExpression: 'attribute_not_exists(PK)' } },
            { Put: { TableName, Item: { PK: counter, SK: `AUDIT#${n}`, action: 'participant.enrolled' } } },
          ],
        }),
      );
    },
    GetItem: () => db.send(new GetCommand({ TableName, Key: { PK: `${partition}#0`, SK: 'PILOT' } })),
    Query: () =>
      db.send(new QueryCommand({ TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `${partition}#0` }, Limit: QUERY_PAGE })),
  }[op];
  return closedLoop(concurrency, seconds, run);
};

export const measureFloors = async (ctx: StoreContext, opts: { concurrencies: number[]; loopbackSeconds: number; dynamoSeconds: number }): Promise<Floors> => {
  const floors: Floors = { loopback: {}, dynamo: { PutItem: {}, TransactWriteItems: {}, GetItem: {}, Query: {} } };
  for (const c of opts.concurrencies) floors.loopback[c] = await loopbackFloor(c, opts.loopbackSeconds);
  for (const op of Object.keys(floors.dynamo) as DynamoFloorOp[]) {
    for (const c of opts.concurrencies) floors.dynamo[op][c] = await dynamoFloor(ctx, op, c, opts.dynamoSeconds);
  }
  return floors;
};

/** The floor op each DynamoDB operation is measured against. */
export const floorOpFor = (operation: string): DynamoFloorOp =>
  operation === 'TransactWriteItems'
    ? 'TransactWriteItems'
    : operation === 'GetItem'
      ? 'GetItem'
      : operation === 'Query' || operation === 'Scan'
        ? 'Query'
        : 'PutItem';
