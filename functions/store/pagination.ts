import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../domain/errors.js';
import { getExisting } from './batch-get.js';
import type { StoreContext } from './client.js';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

// A cursor is DynamoDB's LastEvaluatedKey, base64url-encoded. On the way back
// in it must belong to the partition being queried, so a forged cursor can
// never start a read in another pilot's items.
export const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = (cursor: string, partition: { attribute: string; value: string }): Record<string, unknown> => {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      key !== null &&
      typeof key === 'object' &&
      !Array.isArray(key) &&
      (key as Record<string, unknown>)[partition.attribute] === partition.value &&
      Object.values(key).every((v) => typeof v === 'string')
    ) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this list gave out', code: 'invalid_cursor' }]);
};

/**
 * One page of a Query. `partition` names the key attribute and value the
 * query is for (checked against an incoming cursor). DynamoDB applies Limit
 * before a FilterExpression, so with a filter we keep reading until the page
 * is full or the partition ends.
 */
export const queryPage = async <T>(
  ctx: StoreContext,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  partition: { attribute: string; value: string },
  page: PageRequest,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> => {
  const items: T[] = [];
  let startKey = page.cursor ? decodeCursor(page.cursor, partition) : undefined;
  do {
    const result = await ctx.db.send(new QueryCommand({ ...input, TableName: ctx.tableName, Limit: page.limit - items.length, ExclusiveStartKey: startKey }));
    items.push(...(result.Items ?? []).map(map));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < page.limit);
  return startKey ? { items, nextCursor: encodeCursor(startKey) } : { items };
};

/**
 * One page of a Query on an index that projects the keys only: each call's
 * keys, then their items (BatchGetItem, eventually consistent as the index
 * is), in the index's order, each mapped by `map`, which answers undefined
 * for an item the list leaves out (a filter) and may throw as a reader does.
 * An item deleted between the Query and the read is left out. As with a
 * FilterExpression, Limit counts the keys looked at, so a filtered page reads
 * on until it is full or the partition ends, and the cursor is the index's
 * LastEvaluatedKey, checked against the partition on the way back in.
 */
export const keysOnlyIndexPage = async <T>(
  ctx: StoreContext,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey' | 'FilterExpression'>,
  partition: { attribute: string; value: string },
  page: PageRequest,
  map: (item: Record<string, unknown>) => T | undefined,
): Promise<Page<T>> => {
  const items: T[] = [];
  let startKey = page.cursor ? decodeCursor(page.cursor, partition) : undefined;
  do {
    const result = await ctx.db.send(new QueryCommand({ ...input, TableName: ctx.tableName, Limit: page.limit - items.length, ExclusiveStartKey: startKey }));
    const keys = (result.Items ?? []).map((k) => ({ PK: String(k.PK), SK: String(k.SK) }));
    for (const item of await getExisting(ctx, keys, { consistent: false })) {
      const mapped = map(item);
      if (mapped !== undefined) items.push(mapped);
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < page.limit);
  return startKey ? { items, nextCursor: encodeCursor(startKey) } : { items };
};

/** Every item of a paginated list, page after page (for lists a step must see whole: a pilot's participants). */
export const allItems = async <T>(list: (page: PageRequest) => Promise<Page<T>>, pageSize = 100): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: pageSize, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
};

/**
 * Every item of one pilot whose sort key starts with `prefix` (INVITE#,
 * MEETING#, VOUCHER#, ...), strongly consistent, page after page, each read
 * by its kind's reader (store/items.ts): for the small, whole sets a step
 * works on, never for lists a client pages through.
 */
export const pilotItemsWithPrefix = <T>(ctx: StoreContext, pilotId: string, prefix: string, read: (item: Record<string, unknown>) => T): Promise<T[]> =>
  queryAll(
    ctx,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `PILOT#${pilotId}`, ':prefix': prefix },
      ConsistentRead: true,
    },
    read,
  );

/** Every item a query finds, page after page, each read by `read` (a list a step or an export must see whole). */
export const queryAll = async <T>(
  ctx: StoreContext,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  read: (item: Record<string, unknown>) => T,
): Promise<T[]> => {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []).map(read));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};
