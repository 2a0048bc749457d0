import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ThrottledError } from '../domain/errors.js';
import type { StoreContext } from './client.js';

// Items whose keys a caller knows together, read in one BatchGetItem (100
// keys a call) instead of a GetItem each: a webhook's company and its
// message marker, a pilot with its invitation and candidate, a wait with its
// pilot, a page of participants whose keys came from a keys-only index.
// What comes back is raw: each store module parses its own kind with its
// schema (store/items.ts) before it leaves the store, as its GetItem did.

export interface ItemKey {
  PK: string;
  SK: string;
}

/** DynamoDB's limit on the keys of one BatchGetItem. */
export const BATCH_GET_KEYS = 100;
const MAX_ATTEMPTS = 10;
const backoffMs = (attempt: number) => Math.random() * Math.min(1_000, 20 * 2 ** attempt);
const id = (k: { PK?: unknown; SK?: unknown }) => `${String(k.PK)}\u0000${String(k.SK)}`;

/**
 * The items of these keys, in the keys' order: undefined where no item has
 * the key. Keys named twice are read once. Strongly consistent, like the
 * GetItems they replace, unless `consistent: false` (half the read units,
 * for a list whose keys came from an index, itself eventually consistent).
 * Keys DynamoDB leaves unprocessed (throttling) are asked for again with
 * backoff; after 10 tries the caller is told to retry, as executeEach does
 * (statements.ts).
 */
export const getItems = async (
  ctx: StoreContext,
  keys: readonly ItemKey[],
  opts: { consistent?: boolean } = {},
): Promise<(Record<string, unknown> | undefined)[]> => {
  const unique = [...new Map(keys.map((k) => [id(k), { PK: k.PK, SK: k.SK }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let from = 0; from < unique.length; from += BATCH_GET_KEYS) {
    let pending: Record<string, unknown>[] = unique.slice(from, from + BATCH_GET_KEYS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new ThrottledError('DynamoDB held back part of a batch read too often; please retry');
      if (attempt > 0) await sleep(backoffMs(attempt));
      const { Responses, UnprocessedKeys } = await ctx.db.send(
        new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: opts.consistent ?? true } } }),
      );
      for (const item of Responses?.[ctx.tableName] ?? []) found.set(id(item), item);
      pending = UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
    }
  }
  return keys.map((k) => found.get(id(k)));
};

/** The items of these keys that exist, in the keys' order (a key whose item is gone is skipped). */
export const getExisting = async (ctx: StoreContext, keys: readonly ItemKey[], opts: { consistent?: boolean } = {}): Promise<Record<string, unknown>[]> =>
  (await getItems(ctx, keys, opts)).filter((item): item is Record<string, unknown> => item !== undefined);
