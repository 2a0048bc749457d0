import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../infra/local/table-setup.js';
import { createDocumentClient, type StoreContext } from '../../functions/store/client.js';
import { runtimePorts } from '../../functions/composition.js';
import type { Ports } from '../../functions/ports/index.js';
import type { ServiceContext } from '../../functions/services/context.js';
import type { Clock } from '../../functions/ports/clock.js';
import type { Actor } from '../../functions/store/audit.js';

/** A clock the test sets: starts at `start` and moves only when told. */
export const testClock = (start = '2020-02-01T08:00:00.000Z') => {
  let now = new Date(start).getTime();
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
};

/**
 * The ports the test process's composition root configured (test/support/env.ts,
 * a test's configurePorts), each looked at when used, with the test's clock.
 */
export const portsWith = (clock: Clock): Ports => Object.create(runtimePorts, { clock: { value: clock } }) as Ports;

/** A new, empty table in the run's DynamoDB Local, and a service context on it: the store and the ports. */
export const freshStore = async (clock: Clock = testClock()): Promise<ServiceContext> => {
  const tableName = `test-${randomUUID()}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, tableName);
  client.destroy();
  return { db: createDocumentClient(), tableName, clock, ports: portsWith(clock) };
};

// The same person as the test API's default consultant token (test/support/api.ts), so a pilot made
// through the store has on its team the consultant who then calls the API.
export const consultant: Actor = { sub: 'local-consultant', name: 'consultant@local.test' };

/** Counts the DynamoDB calls a store context makes, by command name (not a mock: the calls go on to DynamoDB Local). */
export const counting = <C extends StoreContext>(ctx: C) => {
  const calls: Record<string, number> = {};
  const send = ctx.db.send.bind(ctx.db) as (command: unknown) => Promise<unknown>;
  const db = Object.create(ctx.db) as StoreContext['db'];
  db.send = ((command: { constructor: { name: string } }) => {
    calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
    return send(command);
  }) as StoreContext['db']['send'];
  return { ctx: { ...ctx, db }, calls };
};
