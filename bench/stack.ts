import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalClock } from '../functions/adapters/local/clock.js';
import { outboxMailer } from '../functions/adapters/local/outbox.js';
import { configurePorts, handlerContext } from '../functions/composition.js';
import { createDocumentClient, type StoreContext } from '../functions/store/client.js';
import { startDynamoDbLocal, type RunningDynamoDb } from '../infra/local/dynamodb-local.js';
import { createLocalAuth, loadOrCreateKey, type LocalAuth } from '../infra/local/local-auth.js';
import { startLocalRuntime, useLocalUrls, type LocalRuntime } from '../infra/local/runtime.js';
import { startLocalServer } from '../infra/local/server.js';
import { ensureTable } from '../infra/local/table-setup.js';
import { DynamoCounter } from './dynamo-counter.js';

// The local stack as the bench runs it: its own DynamoDB Local on a free
// port, a fresh table, the engine on a fast-forwarded clock, the API server
// on a free port, and counters on everything the cost model prices.

export interface Invocations {
  /** By function name: invocations and their total duration in ms. */
  [functionName: string]: { count: number; ms: number };
}

export interface Counters {
  dynamo: DynamoCounter;
  invocations: Invocations;
  /** E-mails sent, counted per recipient as SES bills them. */
  emails: { messages: number; recipients: number };
}

export interface BenchStack {
  url: string;
  tableName: string;
  auth: LocalAuth;
  consultantToken: string;
  runtime: LocalRuntime;
  /** The handlers' own client, counted. */
  store: StoreContext;
  /** A second, uncounted client for the bench's own looking and floors. */
  uncounted: StoreContext;
  dynamoEndpoint: string;
  /** DynamoDB Local's JVM, for its CPU time (bench/cpu.ts). */
  dynamoPid: number;
  counters: Counters;
  stop(): Promise<void>;
}

export const snapshotInvocations = (i: Invocations): Invocations => structuredClone(i);

export const invocationsSince = (now: Invocations, before: Invocations): Invocations =>
  Object.fromEntries(
    Object.entries(now)
      .map(([name, v]) => [name, { count: v.count - (before[name]?.count ?? 0), ms: v.ms - (before[name]?.ms ?? 0) }] as const)
      .filter(([, v]) => v.count > 0),
  );

export const startBenchStack = async (opts: { clockStart?: string } = {}): Promise<BenchStack> => {
  const scratch = mkdtempSync(join(tmpdir(), 'pilot-bench-'));
  const dynamo: RunningDynamoDb = await startDynamoDbLocal();
  try {
    Object.assign(process.env, {
      TABLE_NAME: 'pilot-bench',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'eu-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
      // The metrics' EMF lines would interleave with the bench's report.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    });
    const admin = new DynamoDBClient({});
    await ensureTable(admin, 'pilot-bench');
    admin.destroy();

    // Which function invocation a DynamoDB call is made in: the counter sorts the calls by it.
    const invocation = new AsyncLocalStorage<string>();
    const aroundInvoke = <T>(name: string, run: () => Promise<T>) => invocation.run(name, run);
    const counters: Counters = {
      dynamo: new DynamoCounter(() => invocation.getStore()),
      invocations: {},
      emails: { messages: 0, recipients: 0 },
    };
    const onInvoke = (name: string, ms: number) => {
      const entry = (counters.invocations[name] ??= { count: 0, ms: 0 });
      entry.count++;
      entry.ms += ms;
    };
    // Every handler, API and step alike, uses this one client per process (as in a Lambda container).
    const store = handlerContext();
    counters.dynamo.attach(store.db);

    const clock = LocalClock.startingAt(opts.clockStart ?? '2026-01-05T08:00:00.000Z');
    const runtime = await startLocalRuntime({
      db: store.db,
      tableName: 'pilot-bench',
      clock,
      tickMs: 0,
      outboxDir: join(scratch, 'outbox'),
      onInvoke,
      aroundInvoke,
    });
    const outbox = outboxMailer(join(scratch, 'outbox'), clock);
    configurePorts({
      mailer: {
        send(mail) {
          counters.emails.messages++;
          counters.emails.recipients += mail.to.length;
          return outbox.send(mail);
        },
      },
    });
    const auth = createLocalAuth(loadOrCreateKey(join(scratch, 'signing.key')));
    const server = await startLocalServer({ auth, port: 0, onInvoke, aroundInvoke });
    const consultantToken = await auth.sign('consultant', { email: 'tovholder@jobcenter.kk.test' });
    useLocalUrls(server.url);
    return {
      url: server.url.replace('localhost', '127.0.0.1'),
      tableName: 'pilot-bench',
      auth,
      consultantToken,
      runtime,
      store,
      uncounted: { db: createDocumentClient(), tableName: 'pilot-bench', clock },
      dynamoEndpoint: dynamo.endpoint,
      dynamoPid: dynamo.pid,
      counters,
      async stop() {
        runtime.stop();
        await server.close();
        await dynamo.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
};
