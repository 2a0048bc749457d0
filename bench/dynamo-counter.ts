import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION } from '../functions/store/table.js';

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
  /**
   * The same calls by shape: the operation and the kinds of item it touches
   * (the sort key's prefix, e.g. `TransactWriteItems {Put AUDIT, Update PARTICIPANT}`),
   * to see which code path the calls come from.
   */
  appByShape: Record<string, OperationCount>;
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

/** An item's kind: its sort key up to the first '#' (PARTICIPANT, VOUCHER, PILOT…), or the index it was queried by. */
const kindOf = (k: Record<string, any> | undefined): string => (typeof k?.SK === 'string' ? (k.SK.split('#')[0] ?? '?') : '?');

/** The operation and the kinds of the items it touches, e.g. `GetItem PILOT` or `TransactWriteItems {Put AUDIT, Update PILOT}`. */
const shapeOf = (operation: string, input: Record<string, any>): string => {
  if (input.TransactItems) {
    const actions = (input.TransactItems as Record<string, any>[]).map((item) => {
      const [op, body] = Object.entries(item)[0] ?? ['?', {}];
      return `${op} ${kindOf(body?.Key ?? body?.Item)}`;
    });
    const counted = [...new Set(actions)].sort().map((a) => {
      const n = actions.filter((x) => x === a).length;
      return n > 1 ? `${n}× ${a}` : a;
    });
    return `${operation} {${counted.join(', ')}}`;
  }
  if (input.RequestItems) {
    const kinds = new Set<string>();
    for (const requests of Object.values(input.RequestItems) as any[]) {
      for (const r of Array.isArray(requests) ? requests : (requests?.Keys ?? [])) kinds.add(kindOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key ?? r));
    }
    return `${operation} ${[...kinds].sort().join('+')}`;
  }
  if (input.Statements) return `${operation} ${(input.Statements as { Statement: string }[])[0]?.Statement.split(' ').slice(0, 2).join(' ')}`;
  if (input.IndexName)
    return `${operation} ${input.IndexName} ${
      String(input.ExpressionAttributeValues?.[':pk'] ?? '')
        .split('#')
        .slice(2)
        .join('#') || '?'
    }`;
  if (operation === 'Query')
    return `${operation} ${String(input.ExpressionAttributeValues?.[':prefix'] ?? input.ExpressionAttributeValues?.[':sk'] ?? '?').split('#')[0]}`;
  return `${operation} ${kindOf(input.Key ?? input.Item)}`;
};

/** An item's size as DynamoDB bills it (names and values in bytes; numbers about one byte per two digits; 3 bytes a map or list, 1 an element). */
const itemBytes = (value: unknown): number => {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + itemBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + itemBytes(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + itemBytes(v), 0);
  return 0;
};

/** The key of the item a PartiQL write names: `VALUE {'PK': ?, 'SK': ?, …}` or `… WHERE PK = ? AND SK = ?` (functions/store/statements.ts). */
const statementKey = (statement: { Statement: string; Parameters?: unknown[] }): { PK: unknown; SK: unknown } | undefined => {
  const params = statement.Parameters ?? [];
  if (/^\s*INSERT/i.test(statement.Statement)) {
    const names = [...statement.Statement.matchAll(/'([^']+)'\s*:\s*\?/g)].map((m) => m[1]);
    return { PK: params[names.indexOf('PK')], SK: params[names.indexOf('SK')] };
  }
  // The key's parameters wherever they stand in the WHERE (names quoted or not, more conditions after them).
  const at = (name: string) => {
    const match = new RegExp(`(?:WHERE|AND)\\s+"?${name}"?\\s*=\\s*\\?`, 'i').exec(statement.Statement);
    return match ? (statement.Statement.slice(0, match.index + match[0].length).match(/\?/g) ?? []).length - 1 : -1;
  };
  const [pk, sk] = [at('PK'), at('SK')];
  return pk >= 0 && sk >= 0 ? { PK: params[pk], SK: params[sk] } : undefined;
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

export class DynamoCounter {
  private counts: DynamoCounts = { app: {}, appByShape: {}, localOnly: {} };
  /** The counter's own reads (to price what DynamoDB Local does not), which it does not count. */
  private readonly own = new WeakSet<object>();

  /** Pricing still under way (it reads the items written); settled() waits for it. */
  private pending = new Set<Promise<void>>();

  /**
   * What AWS bills for the items a call wrote, where DynamoDB Local's answer
   * is wrong: for a BatchExecuteStatement it reports nothing, and for a
   * TransactWriteItems of many items it reports the units of one item (a
   * 50-item transaction "costs" 4, as a 1-item one; measured). AWS bills
   * each item as its own write: 1 unit a KB of the item, and as much again in
   * each index that holds it (both project every attribute, so an update
   * rewrites the index entry too), twice that in a transaction. So the
   * counter reads the items after the call (itself, uncounted: a Put's item
   * is in the call) and prices them that way; an item gone (a delete) counts
   * 1 unit. Asynchronous, so that the call's own time is not lengthened.
   */
  private price(
    db: DynamoDBDocumentClient,
    writes: { TableName: string; Key: Record<string, unknown>; Item?: Record<string, unknown> }[],
    factor: number,
    buckets: OperationCount[],
  ) {
    const run = (async () => {
      const itemUnits = (item: Record<string, unknown> | undefined) => {
        if (!item) return 1;
        const indexes = TABLE_DEFINITION.globalIndexes.filter((gsi) => item[gsi.partitionKey] !== undefined && item[gsi.sortKey] !== undefined).length;
        return Math.max(1, Math.ceil(itemBytes(item) / 1024)) * (1 + indexes);
      };
      let units = writes.filter((w) => w.Item).reduce((n, w) => n + itemUnits(w.Item), 0);
      const toRead = writes.filter((w) => !w.Item);
      for (const TableName of new Set(toRead.map((w) => w.TableName))) {
        const Keys = toRead.filter((w) => w.TableName === TableName).map((w) => w.Key);
        const get = new BatchGetCommand({ RequestItems: { [TableName]: { Keys, ConsistentRead: true } } });
        this.own.add(get.input);
        const found = ((await db.send(get)).Responses?.[TableName] ?? []) as Record<string, unknown>[];
        units += found.reduce((n, item) => n + itemUnits(item), 0) + (Keys.length - found.length);
      }
      for (const b of buckets) b.writeUnits += units * factor;
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Waits for the pricing of the calls made so far: call before snapshot() or since(). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Adds the counting middleware to `db` (a document client shares its stack with the client it wraps). */
  attach(db: DynamoDBDocumentClient): void {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, any>;
        if (this.own.has(input)) return next(args);
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const local = partitionKeys(input).some((pk) => pk.startsWith('LOCAL#'));
        if (!operation.startsWith('Describe') && !operation.startsWith('List')) input.ReturnConsumedCapacity = 'INDEXES';
        const bucket = ((local ? this.counts.localOnly : this.counts.app)[operation] ??= { calls: 0, readUnits: 0, writeUnits: 0 });
        const shape = local ? undefined : (this.counts.appByShape[shapeOf(operation, input)] ??= { calls: 0, readUnits: 0, writeUnits: 0 });
        const buckets = shape ? [bucket, shape] : [bucket];
        for (const b of buckets) b.calls++;
        try {
          const result = await next(args);
          const output = result.output as { ConsumedCapacity?: Capacity | Capacity[] };
          const units = unitsOf(output.ConsumedCapacity, operation);
          if (operation === 'BatchExecuteStatement' && !output.ConsumedCapacity) {
            const responses = (output as { Responses?: { Error?: unknown }[] }).Responses ?? [];
            const writes = (input.Statements as { Statement: string; Parameters?: unknown[] }[]).flatMap((statement, i) => {
              const Key = statementKey(statement);
              const TableName = /"((?:[^"]|"")+)"/.exec(statement.Statement)?.[1]?.replaceAll('""', '"');
              return Key && TableName && !responses[i]?.Error ? [{ TableName, Key }] : [];
            });
            // A statement refused by its condition is billed as a write of 1 unit, as a failed conditional write is.
            units.write += (input.Statements as unknown[]).filter((_, i) => responses[i]?.Error).length;
            this.price(db, writes, 1, buckets);
          }
          if (operation === 'TransactWriteItems' && (input.TransactItems?.length ?? 0) > 1) {
            // Local's figure is one item's; the items' own replace it.
            units.write = 0;
            const writes = (input.TransactItems as Record<string, any>[]).map((item) => {
              const [, body] = Object.entries(item)[0] as [string, Record<string, any>];
              const Key = body.Key ?? { PK: body.Item?.PK, SK: body.Item?.SK };
              return { TableName: body.TableName as string, Key, ...(item.Put ? { Item: body.Item as Record<string, unknown> } : {}) };
            });
            this.price(db, writes, 2, buckets);
          }
          for (const b of buckets) {
            b.readUnits += units.read;
            b.writeUnits += units.write;
          }
          return result;
        } catch (error) {
          // A cancelled transaction or failed condition still consumes write units on AWS (one per item);
          // DynamoDB Local reports none with the error, so each item is counted once.
          if (!READS.has(operation)) for (const b of buckets) b.writeUnits += input.TransactItems?.length ?? 1;
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
    return {
      app: diff(this.counts.app, before.app),
      appByShape: diff(this.counts.appByShape, before.appByShape),
      localOnly: diff(this.counts.localOnly, before.localOnly),
    };
  }
}

export const totals = (counts: Record<string, OperationCount>): DynamoTotals =>
  Object.values(counts).reduce((t, c) => ({ calls: t.calls + c.calls, readUnits: t.readUnits + c.readUnits, writeUnits: t.writeUnits + c.writeUnits }), {
    calls: 0,
    readUnits: 0,
    writeUnits: 0,
  });
