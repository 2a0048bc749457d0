import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCounter, totals } from '../../bench/dynamo-counter.js';
import { itemBytes, partiqlUpdatedAttributes, SAME_KEYS, updatedAttributes, writeUnits, type IndexDefinition } from '../../bench/write-pricing.js';
import { executeEach, expiryStatement, insertStatement } from '../../functions/store/statements.js';
import { freshStore } from '../support/store.js';

// The bench prices each write as AWS bills it (bench/write-pricing.ts): the
// table by the item's size, and an index only for what the write changes in
// it, by what the index projects.

const all: IndexDefinition = { name: 'A', partitionKey: 'APK', sortKey: 'ASK', projection: 'ALL' };
const keysOnly: IndexDefinition = { name: 'K', partitionKey: 'pilotId', sortKey: 'orderKey', projection: 'KEYS_ONLY' };
const indexes = [all, keysOnly];

/** An item of about `kb` KB, in both indexes unless told otherwise. */
const item = (kb: number, extra: Record<string, unknown> = {}) => ({
  PK: 'PILOT#p',
  SK: 'PARTICIPANT#x',
  APK: 'a',
  ASK: '1',
  pilotId: 'p',
  orderKey: 'seq-1',
  filler: 'x'.repeat(kb * 1024 - 120),
  ...extra,
});

describe('write pricing', () => {
  it('a new item: its size in the table and in an ALL index, one unit in a keys-only index', () => {
    const after = item(2);
    expect(itemBytes(after)).toBeGreaterThan(1024);
    expect(writeUnits({ before: undefined, after, touched: 'all' }, indexes)).toEqual({ table: 2, indexes: 2 + 1 });
  });

  it('an update of attributes no index key names: an ALL index rewritten, a keys-only index not at all', () => {
    const after = item(2);
    expect(writeUnits({ before: SAME_KEYS, after, touched: new Set(['status', 'updatedAt']) }, indexes)).toEqual({ table: 2, indexes: 2 });
    expect(writeUnits({ before: SAME_KEYS, after, touched: new Set(['status']) }, [keysOnly])).toEqual({ table: 2, indexes: 0 });
  });

  it('an item entering or leaving an index costs one write of its entry there; keys changing cost two', () => {
    const out = item(1, { APK: undefined, ASK: undefined });
    const inside = item(1);
    expect(writeUnits({ before: out, after: inside, touched: new Set(['APK', 'ASK']) }, [all])).toEqual({ table: 1, indexes: 1 });
    expect(writeUnits({ before: inside, after: out, touched: new Set(['APK', 'ASK']) }, [all])).toEqual({ table: 1, indexes: 1 });
    expect(writeUnits({ before: inside, after: { ...inside, APK: 'b' }, touched: new Set(['APK']) }, [all])).toEqual({ table: 1, indexes: 2 });
    // Nowhere before or after: nothing in the index.
    expect(writeUnits({ before: out, after: out, touched: new Set(['x']) }, [all])).toEqual({ table: 1, indexes: 0 });
  });

  it('a Put replacing an item, read before: an index is written only if what it holds changed', () => {
    const before = item(1);
    const after = { ...before, status: 'started' };
    expect(writeUnits({ before, after, touched: 'all' }, [keysOnly])).toEqual({ table: 1, indexes: 0 });
    expect(writeUnits({ before, after, touched: 'all' }, [all])).toEqual({ table: 1, indexes: 1 });
    expect(writeUnits({ before, after: before, touched: 'all' }, [all])).toEqual({ table: 1, indexes: 0 });
  });

  it('a delete costs the item it deletes, and its entry in each index it was in', () => {
    expect(writeUnits({ before: item(3), after: undefined, touched: 'all' }, indexes)).toEqual({ table: 3, indexes: 3 + 1 });
    expect(writeUnits({ before: undefined, after: undefined, touched: 'all' }, indexes)).toEqual({ table: 1, indexes: 0 });
  });

  it('reads the targets of an UpdateExpression, not the attributes its values read', () => {
    expect(
      updatedAttributes('SET counts.#to = counts.#to + :one, updatedAt = :now, #x = if_not_exists(#y, :v) REMOVE GSI2PK, #sk ADD #next :n', {
        '#to': 'enrolled',
        '#x': 'placesTaken',
        '#y': 'other',
        '#sk': 'GSI2SK',
        '#next': 'next',
      }),
    ).toEqual(new Set(['counts', 'updatedAt', 'placesTaken', 'GSI2PK', 'GSI2SK', 'next']));
    expect(updatedAttributes('SET #set = :add', { '#set': 'a' })).toEqual(new Set(['a']));
    expect(partiqlUpdatedAttributes('UPDATE "t-1" SET "expiresAt" = ? WHERE "PK" = ? AND "SK" = ?')).toEqual(new Set(['expiresAt']));
    expect(partiqlUpdatedAttributes('UPDATE "t" SET a = ?, b.c = ? REMOVE "d" WHERE PK = ? AND SK = ?')).toEqual(new Set(['a', 'b', 'd']));
  });
});

describe('the bench counter, against DynamoDB Local', () => {
  it('prices a transaction, a PartiQL batch and an update by what each changes in the table and its indexes', async () => {
    const store = await freshStore();
    const counter = new DynamoCounter();
    counter.attach(store.db);
    const participant = (id: string) => ({
      PK: 'PILOT#p',
      SK: `PARTICIPANT#${id}`,
      entity: 'participant',
      pilotId: 'p',
      orderKey: `seq-${id}`,
      status: 'enrolled',
    });
    const pilot = { PK: 'PILOT#p', SK: 'PILOT', GSI1PK: 'PILOTS', GSI1SK: '1#p', GSI2PK: 'PILOTS#draft', GSI2SK: '1#p', status: 'draft' };
    const units = async (write: () => Promise<unknown>) => {
      await counter.settled();
      const before = counter.snapshot();
      await write();
      await counter.settled();
      return totals(counter.since(before).app).writeUnits;
    };

    // Two new participants (table 1 + keys-only index 1 each) and a new pilot (table 1 + GSI1 1 + GSI2 1), twice in a transaction.
    const created = await units(() =>
      store.db.send(
        new TransactWriteCommand({
          TransactItems: [participant('1'), participant('2'), pilot].map((Item) => ({
            Put: { TableName: store.tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' },
          })),
        }),
      ),
    );
    expect(created).toBe(2 * (2 + 2 + 3));

    // A participant's status: the table only. The pilot's counts: the table and both ALL indexes.
    const changed = await units(() =>
      store.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: store.tableName,
                Key: { PK: 'PILOT#p', SK: 'PARTICIPANT#1' },
                UpdateExpression: 'SET #s = :s',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':s': 'started' },
              },
            },
            {
              Update: {
                TableName: store.tableName,
                Key: { PK: 'PILOT#p', SK: 'PILOT' },
                UpdateExpression: 'SET n = :n',
                ExpressionAttributeValues: { ':n': 1 },
              },
            },
          ],
        }),
      ),
    );
    expect(changed).toBe(2 * (1 + 3));

    // The pilot's status moves its GSI2 keys: the old entry deleted, the new one put (GSI1 rewritten too, it holds every attribute).
    const moved = await units(() =>
      store.db.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: { PK: 'PILOT#p', SK: 'PILOT' },
          UpdateExpression: 'SET #s = :s, GSI2PK = :pk',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': 'running', ':pk': 'PILOTS#running' },
        }),
      ),
    );
    expect(moved).toBe(1 + 1 + 2);

    // PartiQL: an expiry on a participant is the table only; an INSERT of a new one adds its keys-only entry; a refused INSERT is 1.
    const statements = await units(() =>
      executeEach(store, [
        expiryStatement(store, { PK: 'PILOT#p', SK: 'PARTICIPANT#1' }, 1),
        insertStatement(store, participant('3')),
        insertStatement(store, participant('2')),
      ]),
    );
    expect(statements).toBe(1 + 2 + 1);
  });
});
