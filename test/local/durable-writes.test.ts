import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DURABILITY_MARKER, durableTransactions } from '../../infra/local/durable-writes.js';
import { addClientPlugin } from '../../functions/store/client.js';
import { executeEach, partiqlTable } from '../../functions/store/statements.js';
import { writeAll } from '../../functions/store/batch-write.js';
import { transact } from '../../functions/store/transact.js';
import { freshStore } from '../support/store.js';

// The local stack's answer to DynamoDB Local acknowledging transactions
// before they are on disk (test/chaos/dynamodb-local-durability.test.ts
// kills the emulator to prove it): every client it creates follows a
// transaction with a durable PutItem before the caller gets its answer.

const markerKey = { PK: DURABILITY_MARKER.PK.S, SK: DURABILITY_MARKER.SK.S };

describe('durable transactions (local composition)', () => {
  it('writes the marker after each committed transaction, before transact returns; a cancelled one is answered as it was', async () => {
    addClientPlugin(durableTransactions);
    const store = await freshStore();
    const marker = async () => (await store.db.send(new GetCommand({ TableName: store.tableName, Key: markerKey, ConsistentRead: true }))).Item;
    expect(await marker()).toBeUndefined();

    const put = { Put: { TableName: store.tableName, Item: { PK: 'X', SK: 'one' }, ConditionExpression: 'attribute_not_exists(PK)' } };
    expect(await transact(store, [put])).toEqual({ committed: true });
    const first = await marker();
    expect(first).toMatchObject({ ...markerKey, at: expect.any(String) });

    // The condition fails: no commit, the answer as before.
    expect(await transact(store, [put])).toEqual({ committed: false, conditionFailed: [true] });
    expect(await marker()).toEqual(first);
  });

  it('writes the marker after a batch of PartiQL writes too, into the table the statements name', async () => {
    addClientPlugin(durableTransactions);
    const store = await freshStore();
    const marker = async () => (await store.db.send(new GetCommand({ TableName: store.tableName, Key: markerKey, ConsistentRead: true }))).Item;

    const outcomes = await executeEach(store, [
      { Statement: `INSERT INTO ${partiqlTable(store)} VALUE {'PK': ?, 'SK': ?}`, Parameters: ['X', 'two'] },
      { Statement: `UPDATE ${partiqlTable(store)} SET n = ? WHERE PK = ? AND SK = ?`, Parameters: [1, 'X', 'missing'] },
    ]);

    expect(outcomes).toEqual(['written', 'missing']);
    expect(await marker()).toMatchObject({ ...markerKey, at: expect.any(String) });
  });

  it('writes the marker after a BatchWriteItem too (a match schedule, access entries), before writeAll returns', async () => {
    addClientPlugin(durableTransactions);
    const store = await freshStore();
    const marker = async () => (await store.db.send(new GetCommand({ TableName: store.tableName, Key: markerKey, ConsistentRead: true }))).Item;
    expect(await marker()).toBeUndefined();

    await writeAll(store, [{ PutRequest: { Item: { PK: 'X', SK: 'three' } } }], 'a test item');

    expect(await marker()).toMatchObject({ ...markerKey, at: expect.any(String) });
    expect((await store.db.send(new GetCommand({ TableName: store.tableName, Key: { PK: 'X', SK: 'three' } }))).Item).toEqual({ PK: 'X', SK: 'three' });
  });
});
