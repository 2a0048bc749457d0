import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Outcome } from '../domain/evaluation.js';
import type { StoreContext } from './client.js';
import { key, withoutKeys } from './table.js';

// A pilot's outcome record (one item, key.outcome), written once by the
// evaluation step (services/evaluation.ts).

/** The pilot's outcome, or undefined before its evaluation. `consistent` reads what was just written. */
export const getOutcome = async (ctx: StoreContext, pilotId: string, opts: { consistent?: boolean } = {}): Promise<Outcome | undefined> => {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tableName, Key: key.outcome(pilotId), ...(opts.consistent ? { ConsistentRead: true } : {}) }),
  );
  return Item ? (withoutKeys(Item) as unknown as Outcome) : undefined;
};
