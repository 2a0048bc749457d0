import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Counts what the handlers ask of DynamoDB, in the units AWS bills: a
// middleware on the shared client asks every call for ReturnConsumedCapacity
// (INDEXES, so writes to the global secondary indexes count too, as they are
// billed) and adds up what comes back. DynamoDB Local computes the same units
// as the service: 1 write unit per KB written (twice that in a transaction),
// 1 read unit per 4 KB read strongly consistent, half that eventually
// consistent. A call that reports none (DescribeTable, an error) counts as a
// call only.
//
// The local engine's own items (LOCAL#… partitions: journal, schedules,
// clock) stand in for Step Functions and EventBridge Scheduler, which keep
// that state themselves on AWS, so they are counted apart and not priced.

export interface OperationCount {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

export interface DynamoCounts {
  /** By operation name (PutItem, TransactWriteItems…): what AWS would bill. */
  app: Record<string, OperationCount>;
  /** The local engine's bookkeeping, which AWS does not bill as DynamoDB. */
  localOnly: Record<string, OperationCount>;
}

export interface DynamoTotals {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** The partition keys a call touches, enough to tell the local engine's items apart. */
const partitionKeys = (input: Record<string, any>): string[] => {
  const keys: unknown[] = [input.Key?.PK, input.Item?.PK, input.ExpressionAttributeValues?.[':pk']];
  for (const item of input.TransactItems ?? []) {
    const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck ?? item.Get;
    keys.push(op?.Key?.PK, op?.Item?.PK);
  }
  for (const requests of Object.values(input.RequestItems ?? {}) as any[]) {
    for (const r of Array.isArray(requests) ? requests : (requests?.Keys ?? [])) keys.push(r.PutRequest?.Item?.PK, r.DeleteRequest?.Key?.PK, r.PK);
  }
  return keys.filter((k): k is string => typeof k === 'string');
};

const unitsOf = (consumed: Capacity | Capacity[] | undefined, operation: string): { read: number; write: number } => {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  let read = 0;
  let write = 0;
  for (const c of list) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      read += c.ReadCapacityUnits ?? 0;
      write += c.WriteCapacityUnits ?? 0;
    } else if (READS.has(operation)) read += c.CapacityUnits ?? 0;
    else write += c.CapacityUnits ?? 0;
  }
  return { read, write };
};

/** An item's size as DynamoDB bills it (attribute names and values in bytes; numbers at most 21), near enough to round to a KB. */
const sizeOf = (value: unknown): number => {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.min(21, Math.ceil(String(value).length / 2) + 1);
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set || Array.isArray(value)) return 3 + [...value].reduce((n: number, v) => n + 1 + sizeOf(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 1 + sizeOf(v), 0);
  return 0;
};

/**
 * DynamoDB Local sizes a transaction as if it were one item (2 write units
 * per KB of all its items together: 25 small updates report 2), where AWS
 * bills each item apart: 2 units per KB rounded up, at least 2. Counted here
 * item by item: a Put by the size of its item, any other action as at least
 * 2 units (exact under 1 KB); the emulator's figure stands where it is
 * higher (large items updated). A lower bound of the bill, close to it.
 */
const transactionUnits = (input: Record<string, any>, reported: { read: number; write: number }): { read: number; write: number } => {
  const items: Record<string, any>[] = input.TransactItems ?? [];
  const perItem = items.reduce((n, item) => n + 2 * Math.max(1, Math.ceil((item.Put ? sizeOf(item.Put.Item) - 3 : 0) / 1024)), 0);
  return { read: reported.read, write: Math.max(reported.write, perItem) };
};

/**
 * DynamoDB Local reports no capacity for BatchExecuteStatement (AWS does):
 * each statement is counted as AWS bills it when the item is under 1 KB, as
 * those the store writes so are (mail claims and records, survey tokens, a
 * TTL set on a mail record): a write statement 1 write unit, applied or
 * refused by its condition; a read 1 read unit.
 */
const statementUnits = (input: Record<string, any>): { read: number; write: number } => {
  const statements: { Statement?: string }[] = input.Statements ?? [];
  const reads = statements.filter((s) => /^\s*SELECT/i.test(s.Statement ?? '')).length;
  return { read: reads, write: statements.length - reads };
};

export class DynamoCounter {
  private counts: DynamoCounts = { app: {}, localOnly: {} };

  /** Adds the counting middleware to `db` (a document client shares its stack with the client it wraps). */
  attach(db: DynamoDBDocumentClient): void {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, any>;
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const local = partitionKeys(input).some((pk) => pk.startsWith('LOCAL#'));
        if (!operation.startsWith('Describe') && !operation.startsWith('List')) input.ReturnConsumedCapacity = 'INDEXES';
        const bucket = ((local ? this.counts.localOnly : this.counts.app)[operation] ??= { calls: 0, readUnits: 0, writeUnits: 0 });
        bucket.calls++;
        try {
          const result = await next(args);
          const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
          const units =
            consumed === undefined && operation === 'BatchExecuteStatement'
              ? statementUnits(input)
              : operation === 'TransactWriteItems'
                ? transactionUnits(input, unitsOf(consumed, operation))
                : unitsOf(consumed, operation);
          bucket.readUnits += units.read;
          bucket.writeUnits += units.write;
          return result;
        } catch (error) {
          // A cancelled transaction or failed condition still consumes write units on AWS (one per item);
          // DynamoDB Local reports none with the error, so each item is counted once.
          if (!READS.has(operation)) bucket.writeUnits += input.TransactItems?.length ?? 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'benchDynamoCounter', override: true },
    );
  }

  snapshot(): DynamoCounts {
    return structuredClone(this.counts);
  }

  /** What was counted since `before`. */
  since(before: DynamoCounts): DynamoCounts {
    const diff = (now: Record<string, OperationCount>, then: Record<string, OperationCount>) =>
      Object.fromEntries(
        Object.entries(now)
          .map(([op, c]) => {
            const b = then[op] ?? { calls: 0, readUnits: 0, writeUnits: 0 };
            return [op, { calls: c.calls - b.calls, readUnits: c.readUnits - b.readUnits, writeUnits: c.writeUnits - b.writeUnits }] as const;
          })
          .filter(([, c]) => c.calls > 0),
      );
    return { app: diff(this.counts.app, before.app), localOnly: diff(this.counts.localOnly, before.localOnly) };
  }
}

export const totals = (counts: Record<string, OperationCount>): DynamoTotals =>
  Object.values(counts).reduce((t, c) => ({ calls: t.calls + c.calls, readUnits: t.readUnits + c.readUnits, writeUnits: t.writeUnits + c.writeUnits }), {
    calls: 0,
    readUnits: 0,
    writeUnits: 0,
  });
