import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../store/table.js';
import type { Clock } from '../../ports/clock.js';

/**
 * DynamoDB TTL, locally: DynamoDB Local keeps expired items, so the local
 * stack deletes every item whose TTL attribute (epoch seconds) has passed on
 * the local clock. On AWS, DynamoDB's own TTL does this from the same attribute.
 */
export const sweepExpired = async (db: DynamoDBDocumentClient, tableName: string, clock: Clock): Promise<number> => {
  const now = Math.floor(clock.now().getTime() / 1000);
  let deleted = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#ttl <= :now',
        ProjectionExpression: 'PK, SK',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':now': now },
        ExclusiveStartKey: start,
      }),
    );
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      await db.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
        }),
      );
    }
    deleted += keys.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
};
