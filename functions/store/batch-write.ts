import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './client.js';

// Items written without conditions or a transaction (an access log's entries,
// a match schedule), 25 a BatchWriteItem: DynamoDB's limit a call.

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** DynamoDB's limit on the requests of one BatchWriteItem. */
const BATCH_WRITE_REQUESTS = 25;
const MAX_ATTEMPTS = 10;

/**
 * Writes every request, 25 a call. Requests DynamoDB leaves unprocessed
 * (throttling) are sent again with backoff; after 10 tries the write fails,
 * naming `what` could not be written.
 */
export const writeAll = async (ctx: StoreContext, requests: readonly WriteRequest[], what: string): Promise<void> => {
  for (let i = 0; i < requests.length; i += BATCH_WRITE_REQUESTS) {
    let pending: WriteRequest[] = requests.slice(i, i + BATCH_WRITE_REQUESTS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${what} could not be written (unprocessed items after ${MAX_ATTEMPTS} tries)`);
      if (attempt > 0) await sleep(Math.random() * Math.min(1000, 50 * 2 ** attempt));
      const { UnprocessedItems } = await ctx.db.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: pending } }));
      pending = (UnprocessedItems?.[ctx.tableName] ?? []) as WriteRequest[];
    }
  }
};
