import {
  PutItemCommand,
  type BatchExecuteStatementCommandInput,
  type BatchWriteItemCommandInput,
  type DynamoDBClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { InitializeHandlerOptions, InitializeMiddleware, Pluggable } from '@smithy/types';

// DynamoDB Local acknowledges a TransactWriteItems before the write is on
// disk: killed within milliseconds of the acknowledgement, the restarted
// emulator has lost it (shown in test/chaos/dynamodb-local-durability.test.ts,
// where the last of 20 transactions was gone in most kills), while a PutItem
// is durable when acknowledged and makes the transaction before it durable
// too. So the local stack follows every transaction with one PutItem of a
// marker item before the caller gets its answer: a webhook answered `200
// applied` is then on disk. Only the local composition installs this
// (infra/local/main.ts, the tests' stacks); DynamoDB on AWS needs none.

/** The marker's key: a local-only item, like the engine's LOCAL#EXEC# journal. */
export const DURABILITY_MARKER = { PK: { S: 'LOCAL#DURABILITY' }, SK: { S: 'marker' } };

const tableOf = (input: TransactWriteItemsCommandInput): string | undefined => {
  const first = input.TransactItems?.[0];
  return first?.Put?.TableName ?? first?.Update?.TableName ?? first?.Delete?.TableName ?? first?.ConditionCheck?.TableName;
};

/** The table a batch of PartiQL writes (functions/store/statements.ts) names in its first statement: `INSERT INTO "t"`, `UPDATE "t"`. */
const statementTableOf = (input: BatchExecuteStatementCommandInput): string | undefined =>
  /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"((?:[^"]|"")+)"/i.exec(input.Statements?.[0]?.Statement ?? '')?.[1]?.replaceAll('""', '"');

/** The table whose writes the command made, when it is one this plugin must make durable. */
const writtenTable = (commandName: string | undefined, input: unknown): string | undefined => {
  if (commandName === 'TransactWriteItemsCommand') return tableOf(input as TransactWriteItemsCommandInput);
  // Batched PartiQL writes are not shown durable on acknowledgement either (untested), so they get the marker too.
  if (commandName === 'BatchExecuteStatementCommand') return statementTableOf(input as BatchExecuteStatementCommandInput);
  // Likewise a BatchWriteItem (untested; store/batch-write.ts: a match schedule, access entries), which writes many
  // items in one call as a transaction does. Its first table: the store writes one table a call.
  if (commandName === 'BatchWriteItemCommand') return Object.keys((input as BatchWriteItemCommandInput).RequestItems ?? {})[0];
  return undefined;
};

const OPTIONS: InitializeHandlerOptions & { name: string } = { step: 'initialize', name: 'localDurableTransactions', override: true };

/**
 * A client plugin: after each TransactWriteItems (or batch of PartiQL
 * writes, or BatchWriteItem) the client sends succeeds,
 * a PutItem of the marker in the same table, awaited before the result is
 * returned. A failed transaction is answered as it is.
 */
export const durableTransactions = (client: DynamoDBClient): Pluggable<ServiceInputTypes, ServiceOutputTypes> => ({
  applyToStack(stack) {
    const middleware: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
      const result = await next(args);
      const TableName = writtenTable(context.commandName, args.input);
      if (TableName) await client.send(new PutItemCommand({ TableName, Item: { ...DURABILITY_MARKER, at: { S: new Date().toISOString() } } }));
      return result;
    };
    stack.add(middleware, OPTIONS);
  },
});
