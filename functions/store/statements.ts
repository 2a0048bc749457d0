import { BatchExecuteStatementCommand, type BatchExecuteStatementCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ThrottledError } from '../domain/errors.js';
import { count } from '../metrics.js';
import type { StoreContext } from './client.js';
import { TTL_ATTRIBUTE } from './table.js';

// Many single-item writes, each under its own condition, in few calls:
// PartiQL's BatchExecuteStatement takes 25 statements a call and answers
// each on its own. Unlike BatchWriteItem (no conditions) and unlike a
// transaction (twice the write units, and one failed condition cancels the
// rest), a statement here is an ordinary conditional write: an INSERT fails
// with DuplicateItem when the item exists, an UPDATE whose WHERE names a key
// fails with ConditionalCheckFailed when the item does not exist (it never
// creates one). Used where the items are independent of each other and
// nothing needs them written together: loading voucher codes, setting the
// retention period's expiry. Write functions are granted PartiQLInsert and
// PartiQLUpdate for it (infra/constructs/project-function.ts).

/** One statement and its parameters (native values, marshalled by the document client). */
export type Statement = NonNullable<BatchExecuteStatementCommandInput['Statements']>[number];

/** DynamoDB's limit on the statements of one BatchExecuteStatement. */
export const MAX_BATCH_STATEMENTS = 25;

/** How one statement ended: written, or its condition (the item exists for an INSERT, is missing for an UPDATE) failed. */
export type StatementOutcome = 'written' | 'duplicate' | 'missing';

/** Answers worth asking again: the statement was not applied for a reason that passes. */
const TRANSIENT = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'InternalServerError', 'TransactionConflict']);
const MAX_ATTEMPTS = 10;
const backoffMs = (attempt: number) => Math.random() * Math.min(1_000, 20 * 2 ** attempt);

/** The table's name in a PartiQL statement: double-quoted, as table names may hold dashes. */
export const partiqlTable = (ctx: StoreContext): string => `"${ctx.tableName.replaceAll('"', '""')}"`;

/** Calls in flight at once: a 5,000-participant pilot's expiry (400 calls) stays within a step's time. */
const CONCURRENT_CALLS = 4;

/**
 * Runs the statements, 25 a call and a few calls at a time, asking again for
 * those a throttle or conflict held back, and answers each in order. Each
 * statement must name a different item (DynamoDB refuses a batch that names
 * one twice). Any other error is a bug and is thrown.
 */
export const executeEach = async (ctx: StoreContext, statements: readonly Statement[]): Promise<StatementOutcome[]> => {
  const outcomes: StatementOutcome[] = new Array(statements.length);
  const starts = Array.from({ length: Math.ceil(statements.length / MAX_BATCH_STATEMENTS) }, (_, i) => i * MAX_BATCH_STATEMENTS);
  const worker = async () => {
    for (let from = starts.shift(); from !== undefined; from = starts.shift()) {
      await executeCall(ctx, statements.slice(from, from + MAX_BATCH_STATEMENTS), from, outcomes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CALLS, starts.length) }, worker));
  return outcomes;
};

/** One call's statements (at most 25), until each is answered; the answers go to `outcomes` from `offset`. */
const executeCall = async (ctx: StoreContext, statements: readonly Statement[], offset: number, outcomes: StatementOutcome[]): Promise<void> => {
  let pending = statements.map((statement, i) => ({ statement, at: offset + i }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new ThrottledError('DynamoDB held back part of a batch too often; please retry');
    if (attempt > 0) {
      count('ContentionRetries');
      await sleep(backoffMs(attempt));
    }
    const { Responses = [] } = await ctx.db.send(new BatchExecuteStatementCommand({ Statements: pending.map((p) => p.statement) }));
    const retry: typeof pending = [];
    pending.forEach((p, i) => {
      const code = Responses[i]?.Error?.Code;
      if (code === undefined) outcomes[p.at] = 'written';
      else if (code === 'DuplicateItem') outcomes[p.at] = 'duplicate';
      else if (code === 'ConditionalCheckFailed') outcomes[p.at] = 'missing';
      else if (TRANSIENT.has(code)) retry.push(p);
      else throw new Error(`a batch statement failed: ${code} ${Responses[i]?.Error?.Message ?? ''}`.trim());
    });
    pending = retry;
  }
};

/** The INSERT of a whole item: answered 'duplicate' where an item with its key is there. */
export const insertStatement = (ctx: StoreContext, item: Record<string, unknown>): Statement => ({
  // The attribute names are the store's own (no quote in them); the values go as parameters.
  Statement: `INSERT INTO ${partiqlTable(ctx)} VALUE {${Object.keys(item)
    .map((name) => `'${name}': ?`)
    .join(', ')}}`,
  Parameters: Object.values(item),
});

/**
 * Sets the item's expiry (DynamoDB's TTL attribute, epoch seconds) where the
 * item still exists: a PartiQL UPDATE of a missing key fails and makes
 * nothing, so an item erased meanwhile stays erased.
 */
export const expiryStatement = (ctx: StoreContext, key: { PK: string; SK: string }, expiresAt: number): Statement => ({
  Statement: `UPDATE ${partiqlTable(ctx)} SET "${TTL_ATTRIBUTE}" = ? WHERE "PK" = ? AND "SK" = ?`,
  Parameters: [expiresAt, key.PK, key.SK],
});
