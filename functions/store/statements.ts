import { BatchExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ThrottledError } from '../domain/errors.js';
import { count } from '../metrics.js';
import type { StoreContext } from './client.js';

// Many single-item writes, each under its own condition, in few calls:
// PartiQL's BatchExecuteStatement takes 25 statements a call and answers for
// each one apart (done, its condition failed, the item exists). Unlike a
// transaction it bills each write as a single write (1 write unit a KB, where
// a transaction bills 2), and one statement's failed condition costs the
// others nothing: no split and retry. It is what a write needs when each
// item stands alone (a mail's claim, a token, a TTL on a record); a change
// that must go with its audit entry is a transaction (transact.ts).

/** DynamoDB's limit on the statements of one BatchExecuteStatement. */
export const MAX_BATCH_STATEMENTS = 25;

export interface Statement {
  Statement: string;
  Parameters?: unknown[];
}

/** A statement's answer: applied, its WHERE condition failed (an UPDATE's), or an INSERT found the item there. */
export type StatementOutcome = 'done' | 'condition-failed' | 'exists';

// Codes that say "not now" for one statement: tried again with backoff, the others stand.
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'InternalServerError']);
const MAX_ATTEMPTS = 10;
const backoffMs = (attempt: number) => Math.random() * Math.min(1000, 10 * 2 ** attempt);

/** The table's name as a PartiQL identifier (table names are [A-Za-z0-9_.-], nothing to escape). */
export const tableRef = (ctx: StoreContext): string => `"${ctx.tableName}"`;

/** The INSERT of a whole item: refused (answered 'exists') where an item with its key is there. */
export const insertStatement = (ctx: StoreContext, item: Record<string, unknown>): Statement => ({
  // The attribute names are the store's own (no quote in them); the values go as parameters.
  Statement: `INSERT INTO ${tableRef(ctx)} VALUE {${Object.keys(item)
    .map((name) => `'${name}': ?`)
    .join(', ')}}`,
  Parameters: Object.values(item),
});

/**
 * Runs write statements, 25 a call (the calls in parallel), and answers for
 * each in order. A statement refused for now (a conflict with a running
 * transaction, throttling) is sent again on its own with backoff; any other
 * error (a malformed statement: a bug) is thrown, naming the code only.
 */
export const executeEach = async (ctx: StoreContext, statements: readonly Statement[]): Promise<StatementOutcome[]> => {
  const outcomes: StatementOutcome[] = new Array(statements.length);
  const chunks: number[][] = [];
  for (let i = 0; i < statements.length; i += MAX_BATCH_STATEMENTS) {
    chunks.push(Array.from({ length: Math.min(MAX_BATCH_STATEMENTS, statements.length - i) }, (_, j) => i + j));
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) {
          if (attempt >= MAX_ATTEMPTS) throw new ThrottledError('DynamoDB kept refusing writes for now; try again later');
          count('ContentionRetries');
          await sleep(backoffMs(attempt));
        }
        const { Responses = [] } = await ctx.db.send(new BatchExecuteStatementCommand({ Statements: pending.map((i) => statements[i]!) }));
        const again: number[] = [];
        pending.forEach((index, j) => {
          const code = Responses[j]?.Error?.Code;
          if (code === undefined) outcomes[index] = 'done';
          else if (code === 'ConditionalCheckFailed') outcomes[index] = 'condition-failed';
          else if (code === 'DuplicateItem') outcomes[index] = 'exists';
          else if (TRANSIENT.has(code)) again.push(index);
          // The code only: the message may quote a value.
          else throw new Error(`a batched statement failed: ${code}`);
        });
        pending = again;
      }
    }),
  );
  return outcomes;
};
