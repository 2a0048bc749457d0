import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentionError } from '../../functions/domain/errors.js';
import { transact } from '../../functions/store/transact.js';
import { systemClock } from '../../functions/ports/clock.js';

// The adapter's handling of DynamoDB's transaction faults, which the real
// emulator cannot be made to produce on demand: conflicts are retried,
// failed conditions become an answer, and the SDK's exceptions stop here.

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-north-1' }));
const ddb = mockClient(db);
const ctx = { db, tableName: 't', clock: systemClock };
const items = [{ Put: { TableName: 't', Item: { PK: 'a', SK: 'b' } } }, { Put: { TableName: 't', Item: { PK: 'c', SK: 'd' } } }];

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

afterEach(() => {
  ddb.reset();
});

describe('transact', () => {
  it('commits and says so', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await expect(transact(ctx, items)).resolves.toEqual({ committed: true });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toEqual(items);
  });

  it('reports which items failed their condition, without retrying', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(transact(ctx, items)).resolves.toEqual({ committed: false, conditionFailed: [false, true] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries a conflict with a concurrent transaction until it commits', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});
    await expect(transact(ctx, items)).resolves.toEqual({ committed: true });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up on endless conflicts with a ContentionError (503), keeping the cause', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    const error = await transact(ctx, items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentionError);
    expect((error as ContentionError).status).toBe(503);
    expect((error as Error).cause).toBeInstanceOf(TransactionCanceledException);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(30);
  }, 20_000);

  it('lets any other fault through unchanged: a validation error is a bug, not a client error', async () => {
    const fault = cancelled('ValidationError', 'None');
    ddb.on(TransactWriteCommand).rejects(fault);
    await expect(transact(ctx, items)).rejects.toBe(fault);
  });
});
