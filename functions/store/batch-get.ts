import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContentionError } from '../domain/errors.js';
import type { StoreContext } from './client.js';

/** BatchGetItem's limit on keys per call. */
export const BATCH_GET_KEYS = 100;

type ItemKey = { PK: string; SK: string };
const keyString = (k: Record<string, unknown>) => `${String(k.PK)}\u0000${String(k.SK)}`;

/**
 * Items by key, 100 keys a call (BatchGetItem), the keys DynamoDB left
 * unprocessed asked again after a short, growing pause (as AWS advises);
 * missing ones are absent. Strongly consistent unless `consistent: false`
 * (half the read units, for lists that were read from an index anyway).
 */
export const getMany = async (ctx: StoreContext, keys: ItemKey[], opts: { consistent?: boolean } = {}): Promise<Record<string, unknown>[]> => {
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_GET_KEYS);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt >= 30) throw new ContentionError('the table is too busy to read this batch; please retry');
      if (attempt > 0) await sleep(Math.random() * Math.min(1_000, 10 * 2 ** attempt));
      const {
        Responses,
        UnprocessedKeys,
      }: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } = await ctx.db.send(
        new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: opts.consistent ?? true } } }),
      );
      found.push(...(Responses?.[ctx.tableName] ?? []));
      pending = UnprocessedKeys?.[ctx.tableName]?.Keys;
    }
  }
  return found;
};

/** The items of `keys` in the keys' order (BatchGetItem answers in any order); a key whose item is gone is skipped. */
export const getInOrder = async (ctx: StoreContext, keys: ItemKey[], opts: { consistent?: boolean } = {}): Promise<Record<string, unknown>[]> => {
  const byKey = new Map((await getMany(ctx, keys, opts)).map((item) => [keyString(item), item]));
  return keys.flatMap((k): Record<string, unknown>[] => {
    const item = byKey.get(keyString(k));
    return item ? [item] : [];
  });
};
