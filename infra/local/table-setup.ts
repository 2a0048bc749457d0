import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../../functions/store/table.js';

type IndexDefinition = (typeof TABLE_DEFINITION.globalIndexes)[number];

const indexOf = (g: IndexDefinition): GlobalSecondaryIndex => ({
  IndexName: g.name,
  KeySchema: [
    { AttributeName: g.partitionKey, KeyType: 'HASH' },
    { AttributeName: g.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: g.projection },
});

const keyAttributes = (indexes: readonly IndexDefinition[]) =>
  [...new Set([TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey, ...indexes.flatMap((g) => [g.partitionKey, g.sortKey])])].map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  }));

/**
 * Creates the table from TABLE_DEFINITION if it does not exist (the CDK
 * stack creates the same table on AWS). Returns true when it was created.
 * A table kept from an earlier version (`npm start`'s data directory) gets
 * the indexes added since, one UpdateTable each (as CloudFormation adds them
 * on AWS), and DynamoDB fills them from the items already there.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await addMissingIndexes(client, tableName, new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName)));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes(TABLE_DEFINITION.globalIndexes),
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalIndexes.map(indexOf),
    }),
  );
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
  return true;
};

const addMissingIndexes = async (client: DynamoDBClient, tableName: string, present: Set<string | undefined>): Promise<void> => {
  for (const g of TABLE_DEFINITION.globalIndexes.filter((g) => !present.has(g.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: keyAttributes([g]),
        GlobalSecondaryIndexUpdates: [{ Create: { ...indexOf(g) } }],
      }),
    );
    // Queries on the index fail until it is active. DynamoDB Local fills it from the items in
    // a few seconds when quiet, but a busy emulator once took over 70 s: wait up to 5 minutes.
    const deadline = Date.now() + 300_000;
    for (;;) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === g.name)?.IndexStatus === 'ACTIVE') break;
      if (Date.now() > deadline) throw new Error(`the index ${g.name} of ${tableName} did not become active within 5 minutes`);
      await sleep(200);
    }
  }
};
