import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INDEX_KEY_ATTRIBUTES, partiqlUpdatedAttributes, SAME_KEYS, updatedAttributes, writeUnits } from './write-pricing.js';

// Counts what the handlers ask of DynamoDB, in the units AWS bills: a
// middleware on the shared client asks every call for ReturnConsumedCapacity
// and adds up what comes back for reads (DynamoDB Local computes them as the
// service does: 1 read unit per 4 KB read strongly consistent, half that
// eventually consistent). Writes it prices itself, item by item, table and
// indexes, as AWS bills them for each index's projection
// (bench/write-pricing.ts): Local's figures for them are wrong (see price()).
// A call that reports none (DescribeTable, an error) counts as a call only.
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
  /**
   * The same calls as `app` by the function that made them (its handler's
   * name, e.g. `digest`, `wake-up`, `pilot-companies-invite`), or
   * OUTSIDE_FUNCTIONS for a call made outside any invocation.
   */
  appByFunction: Record<string, OperationCount>;
}

/** The function name of a call no function invocation made (the local runtime's own). */
export const OUTSIDE_FUNCTIONS = '(outside functions)';

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

type Item = Record<string, unknown>;

/** One item a call writes, as the counter plans to price it: what is known of it before the call. */
interface PlannedWrite {
  TableName: string;
  Key: { PK: unknown; SK: unknown };
  /** A Put's item: the item after, known from the call. */
  item?: Item;
  /** The item before: `new` (the write is conditioned on its absence), `read` (read before the call), `same-keys` (see SAME_KEYS). */
  before: 'new' | 'read' | 'same-keys';
  touched: Set<string> | 'all';
  /** The item is gone after the call. */
  deletes?: boolean;
  /** A transaction's ConditionCheck: billed as a write of the item, changing nothing. */
  check?: boolean;
}

/** Conditioned on the item's absence (`attribute_not_exists(PK)`, alone or with AND): the write makes a new item. */
const createsOnly = (condition: unknown) =>
  typeof condition === 'string' && /^\s*attribute_not_exists\((PK|SK)\)/.test(condition) && !/\bOR\b/i.test(condition);

/** A write that names an index key attribute may move the item in or out of an index: its item is read before. */
const beforeOf = (touched: Set<string>): PlannedWrite['before'] => ([...touched].some((a) => INDEX_KEY_ATTRIBUTES.has(a)) ? 'read' : 'same-keys');

const planned = (TableName: string, action: string, body: Record<string, any>): PlannedWrite | undefined => {
  if (action === 'Put') {
    const Item = body.Item as Item;
    return { TableName, Key: { PK: Item.PK, SK: Item.SK }, item: Item, before: createsOnly(body.ConditionExpression) ? 'new' : 'read', touched: 'all' };
  }
  if (action === 'Update') {
    const touched = updatedAttributes(String(body.UpdateExpression ?? ''), body.ExpressionAttributeNames ?? {});
    return { TableName, Key: body.Key, before: beforeOf(touched), touched };
  }
  if (action === 'Delete') return { TableName, Key: body.Key, before: 'read', touched: 'all', deletes: true };
  if (action === 'ConditionCheck') return { TableName, Key: body.Key, before: 'same-keys', touched: new Set(), check: true };
  return undefined;
};

/**
 * The items a write call writes, planned for pricing, or undefined for a call
 * the counter leaves to DynamoDB Local's own figure. BatchExecuteStatement's
 * plan has one entry per statement (undefined where it is not a write of one
 * key), to match its answers.
 */
const planWrites = (operation: string, input: Record<string, any>): (PlannedWrite | undefined)[] | undefined => {
  switch (operation) {
    case 'PutItem':
      return [planned(input.TableName, 'Put', input)];
    case 'UpdateItem':
      return [planned(input.TableName, 'Update', input)];
    case 'DeleteItem':
      return [planned(input.TableName, 'Delete', input)];
    case 'TransactWriteItems':
      return (input.TransactItems as Record<string, any>[]).map((item) => {
        const [action, body] = Object.entries(item)[0] as [string, Record<string, any>];
        return planned(body.TableName, action, body);
      });
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems as Record<string, any[]>).flatMap(([TableName, requests]) =>
        requests.map((r) =>
          r.PutRequest
            ? {
                TableName,
                Key: { PK: r.PutRequest.Item.PK, SK: r.PutRequest.Item.SK },
                item: r.PutRequest.Item,
                before: 'read' as const,
                touched: 'all' as const,
              }
            : { TableName, Key: r.DeleteRequest.Key, before: 'read' as const, touched: 'all' as const, deletes: true },
        ),
      );
    case 'BatchExecuteStatement':
      return (input.Statements as { Statement: string; Parameters?: unknown[] }[]).map((statement) => {
        const Key = statementKey(statement);
        const TableName = /"((?:[^"]|"")+)"/.exec(statement.Statement)?.[1]?.replaceAll('""', '"');
        if (!Key || !TableName) return undefined;
        const verb = /^\s*(\w+)/.exec(statement.Statement)?.[1]?.toUpperCase();
        if (verb === 'INSERT') return { TableName, Key, before: 'new' as const, touched: 'all' as const };
        if (verb === 'DELETE') return { TableName, Key, before: 'read' as const, touched: 'all' as const, deletes: true };
        const touched = partiqlUpdatedAttributes(statement.Statement);
        return { TableName, Key, before: beforeOf(touched), touched };
      });
    default:
      return undefined;
  }
};

const keyString = (k: { PK?: unknown; SK?: unknown }) => `${String(k.PK)}\u0000${String(k.SK)}`;

export class DynamoCounter {
  private counts: DynamoCounts = { app: {}, appByShape: {}, localOnly: {}, appByFunction: {} };

  /** `functionOf` names the function invocation a call is made in (bench/stack.ts: an AsyncLocalStorage), if any. */
  constructor(private readonly functionOf: () => string | undefined = () => undefined) {}
  /** The counter's own reads (to price what DynamoDB Local does not), which it does not count. */
  private readonly own = new WeakSet<object>();

  /** Pricing still under way (it reads the items written); settled() waits for it. */
  private pending = new Set<Promise<void>>();

  /** Items by key, read consistently by the counter itself (not counted). */
  private async read(db: DynamoDBDocumentClient, writes: PlannedWrite[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    for (const TableName of new Set(writes.map((w) => w.TableName))) {
      const keys = [...new Map(writes.filter((w) => w.TableName === TableName).map((w) => [keyString(w.Key), { PK: w.Key.PK, SK: w.Key.SK }])).values()];
      for (let i = 0; i < keys.length; i += 100) {
        let Keys: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
        while (Keys?.length) {
          const get: BatchGetCommand = new BatchGetCommand({ RequestItems: { [TableName]: { Keys, ConsistentRead: true } } });
          this.own.add(get.input);
          const answer: BatchGetCommandOutput = await db.send(get);
          for (const item of (answer.Responses?.[TableName] ?? []) as Item[]) found.set(keyString(item), item);
          Keys = answer.UnprocessedKeys?.[TableName]?.Keys;
        }
      }
    }
    return found;
  }

  /**
   * What AWS bills for the items a call wrote, priced item by item where
   * DynamoDB Local's answer is wrong or missing: for a BatchExecuteStatement
   * it reports nothing, for a TransactWriteItems of many items the units of
   * one item (a 50-item transaction "costs" 4, as a 1-item one; measured),
   * and its index units do not follow the projections. Each item is priced
   * by bench/write-pricing.ts: its size in the table, and in each global
   * index only what the write changes there (an index projecting the keys
   * only is written when the item enters or leaves it or its keys change),
   * twice that in a transaction. The counter reads the items after the call
   * (itself, uncounted: a Put's item is in the call), asynchronously so that
   * the call's own time is not lengthened, and before the call the items
   * whose index membership the write may change (a delete, a Put that may
   * replace an item, a write naming an index key attribute).
   */
  private price(db: DynamoDBDocumentClient, writes: PlannedWrite[], before: Map<string, Item>, factor: number, buckets: OperationCount[]) {
    const run = (async () => {
      const after = await this.read(
        db,
        writes.filter((w) => !w.item && !w.deletes),
      );
      let units = 0;
      for (const w of writes) {
        const now = w.deletes ? undefined : (w.item ?? after.get(keyString(w.Key)));
        const was = w.before === 'new' ? undefined : w.before === 'same-keys' ? SAME_KEYS : before.get(keyString(w.Key));
        const priced = w.check ? writeUnits({ before: now, after: now, touched: new Set() }) : writeUnits({ before: was, after: now, touched: w.touched });
        // A check of a missing item, or a delete of one, still costs a unit.
        units += w.check ? priced.table : priced.table + priced.indexes;
      }
      for (const b of buckets) b.writeUnits += units * factor;
    })();
    this.pending.add(run);
    // Handled here, not left to settled(): a pricing read that fails after the last settled() (the bench
    // stopping DynamoDB Local under requests still in flight) was an unhandled rejection that ended
    // `npm run bench` with exit code 1 after it had written its results. The next settled() reports it.
    run.then(
      () => this.pending.delete(run),
      (error: unknown) => {
        this.pending.delete(run);
        this.failures.push(error);
      },
    );
  }

  /** Pricing that failed (its read of the items written): settled() throws the first. */
  private failures: unknown[] = [];

  /** Waits for the pricing of the calls made so far: call before snapshot() or since(). Throws if any could not be priced. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    const [failure] = this.failures.splice(0);
    if (failure !== undefined) throw new Error('the bench could not price a write (its read of the items failed)', { cause: failure });
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
        const byFunction = local
          ? undefined
          : (this.counts.appByFunction[this.functionOf() ?? OUTSIDE_FUNCTIONS] ??= { calls: 0, readUnits: 0, writeUnits: 0 });
        const buckets = [bucket, ...(shape ? [shape] : []), ...(byFunction ? [byFunction] : [])];
        for (const b of buckets) b.calls++;
        const plan = planWrites(operation, input);
        const before = plan
          ? await this.read(
              db,
              plan.filter((w): w is PlannedWrite => w?.before === 'read'),
            )
          : new Map<string, Item>();
        try {
          const result = await next(args);
          const output = result.output as { ConsumedCapacity?: Capacity | Capacity[]; Responses?: { Error?: unknown }[] };
          const units = unitsOf(output.ConsumedCapacity, operation);
          if (plan) {
            // The items' own prices replace Local's figure.
            units.write = 0;
            const refused = operation === 'BatchExecuteStatement' ? (output.Responses ?? []).map((r) => r?.Error !== undefined) : [];
            // A statement refused by its condition is billed as a write of 1 unit, as a failed conditional write is.
            units.write += refused.filter(Boolean).length;
            const writes = plan.filter((w, i): w is PlannedWrite => w !== undefined && !refused[i]);
            this.price(db, writes, before, operation === 'TransactWriteItems' ? 2 : 1, buckets);
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
      appByFunction: diff(this.counts.appByFunction, before.appByFunction),
    };
  }
}

export const totals = (counts: Record<string, OperationCount>): DynamoTotals =>
  Object.values(counts).reduce((t, c) => ({ calls: t.calls + c.calls, readUnits: t.readUnits + c.readUnits, writeUnits: t.writeUnits + c.writeUnits }), {
    calls: 0,
    readUnits: 0,
    writeUnits: 0,
  });
