import { TransactionCanceledException, TransactionConflictException, TransactionInProgressException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContentionError } from '../domain/errors.js';
import { count } from '../metrics.js';
import type { StoreContext } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Which items of a cancelled transaction failed their condition, by position. */
export type TransactionOutcome = { committed: true } | { committed: false; conditionFailed: boolean[] };

// Concurrent transactions on one pilot item conflict (TransactionConflict)
// rather than queue; the loser must retry. Jittered backoff spreads a burst
// of concurrent enrolments so each one gets through in a few tries.
const MAX_ATTEMPTS = 30;
const backoffMs = (attempt: number) => Math.random() * Math.min(200, 5 * 2 ** attempt);

/**
 * Runs one TransactWriteItems. A condition that fails is an answer, not an
 * error: the caller learns which items failed and decides what that means.
 * Conflicts with concurrent transactions are retried here. Nothing above the
 * store sees an SDK exception.
 */
export const transact = async (ctx: StoreContext, items: TransactItem[]): Promise<TransactionOutcome> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { committed: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons.some((code) => code === 'ConditionalCheckFailed')) {
        return { committed: false, conditionFailed: reasons.map((code) => code === 'ConditionalCheckFailed') };
      }
      if (attempt + 1 >= MAX_ATTEMPTS) {
        throw new ContentionError('too many concurrent changes to this pilot; please retry', { cause: error });
      }
      count('ContentionRetries');
      await sleep(backoffMs(attempt));
    }
  }
};

/** The per-item cancellation codes, or undefined when the error is not a retryable cancellation or conflict. */
const cancellationReasons = (error: unknown): string[] | undefined => {
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    // Conflicts, throttling and in-progress are transient; anything else (validation) is a bug to surface.
    const transient = ['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'None', 'ConditionalCheckFailed'];
    return codes.every((c) => transient.includes(c)) ? codes : undefined;
  }
  if (error instanceof TransactionConflictException || error instanceof TransactionInProgressException) {
    return [];
  }
  return undefined;
};

/** DynamoDB's limit on the actions of one TransactWriteItems. */
export const MAX_TRANSACTION_ACTIONS = 100;

/**
 * Writes many rows in as few transactions as DynamoDB allows. `build(chunk)`
 * gives a chunk's actions: each row's own, under its own condition, and the
 * shared ones (the pilot's counters, one audit entry) once; the caller says
 * how many rows fit (`rowsPerTransaction`, so that rows plus shared actions
 * stay within 100). A transaction a condition cancels is split into halves
 * and each half tried again, down to single rows: a row that fails its
 * condition costs its neighbours a few more transactions, never their change,
 * and its own outcome (which of its transaction's conditions failed) is
 * exact. Conflicts with concurrent transactions are retried by `transact`.
 */
export const transactRows = async <R>(
  ctx: StoreContext,
  rows: readonly R[],
  opts: {
    rowsPerTransaction: number;
    build: (chunk: readonly R[]) => TransactItem[] | Promise<TransactItem[]>;
    /**
     * The item a row writes (its participant), where two rows may name the
     * same one: DynamoDB refuses two actions on one item in a transaction, so
     * a row whose item is already in the chunk starts the next one, and the
     * rows still apply in their order (the later one wins).
     */
    itemOf?: (row: R) => string;
  },
): Promise<{ row: R; outcome: TransactionOutcome }[]> => {
  const outcomes: TransactionOutcome[] = [];
  const write = async (from: number, to: number): Promise<void> => {
    const items = await opts.build(rows.slice(from, to));
    if (items.length > MAX_TRANSACTION_ACTIONS) throw new Error(`${items.length} actions in one transaction; DynamoDB takes ${MAX_TRANSACTION_ACTIONS}`);
    const outcome = await transact(ctx, items);
    if (outcome.committed || to - from === 1) {
      outcomes.fill(outcome, from, to);
      return;
    }
    const half = from + Math.ceil((to - from) / 2);
    await write(from, half);
    await write(half, to);
  };
  outcomes.length = rows.length;
  for (let from = 0; from < rows.length;) {
    let to = from;
    const items = new Set<string>();
    while (to < rows.length && to - from < opts.rowsPerTransaction) {
      const item = opts.itemOf?.(rows[to]!);
      if (item !== undefined && items.has(item)) break;
      if (item !== undefined) items.add(item);
      to++;
    }
    await write(from, to);
    from = to;
  }
  return rows.map((row, i) => ({ row, outcome: outcomes[i]! }));
};
