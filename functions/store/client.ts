import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.js';
import { port } from '../ports/index.js';
import { traced } from '../tracing.js';

/** What every store function needs: the client, the table and the clock. */
export interface StoreContext {
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}

/**
 * The document client, configured from the standard environment: AWS_REGION,
 * credentials, and AWS_ENDPOINT_URL_DYNAMODB, which the local stack sets to
 * DynamoDB Local. No code path knows which one it talks to.
 */
export const createDocumentClient = (): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });

let shared: StoreContext | undefined;

/** One context per process (a Lambda container, the local server), created on first use. */
export const storeFromEnvironment = (): StoreContext => {
  if (!shared) {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) throw new Error('TABLE_NAME is not set');
    // The clock port is asked on every read, so a composition root may configure it at any time.
    shared = { db: createDocumentClient(), tableName, clock: { now: () => port('clock').now() } };
  }
  return shared;
};
