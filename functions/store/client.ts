import { DynamoDBClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { Pluggable } from '@smithy/types';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.js';
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
export const createDocumentClient = (): DynamoDBDocumentClient => {
  const client = traced(new DynamoDBClient({}));
  for (const plugin of plugins) client.middlewareStack.use(plugin(client));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
};

/** A client plugin made for the client it is added to (it may send commands of its own with it). */
export type ClientPlugin = (client: DynamoDBClient) => Pluggable<ServiceInputTypes, ServiceOutputTypes>;
const plugins: ClientPlugin[] = [];

/**
 * Adds a plugin to every client created from now on in this process. A
 * composition root's hook, like its ports (functions/composition.ts): the local stack adds its
 * durable-transactions plugin (infra/local/durable-writes.ts); on AWS nothing
 * is added. Clients created before keep what they had: call it first.
 */
export const addClientPlugin = (plugin: ClientPlugin): void => {
  if (!plugins.includes(plugin)) plugins.push(plugin);
};

/** The client and the table: a store context without its clock, which the runtime's composition root provides. */
export type Table = Pick<StoreContext, 'db' | 'tableName'>;

let shared: Table | undefined;

/** One client per process (a Lambda container, the local server), created on first use, on the table TABLE_NAME names. */
export const tableFromEnvironment = (): Table => {
  if (!shared) {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) throw new Error('TABLE_NAME is not set');
    shared = { db: createDocumentClient(), tableName };
  }
  return shared;
};
