import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local.js';
import { createLocalAuth, loadOrCreateKey, localTokenRoute, type LocalAuth } from './local-auth.js';
import { buildWebPage } from '../../web/build.js';
import { startLocalServer } from './server.js';
import { ensureTable } from './table-setup.js';
import { startLocalRuntime, useLocalUrls, type LocalRuntime } from './runtime.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { localKeys } from '../../functions/adapters/local/keys.js';

// The embedded local stack: DynamoDB Local, the table, and the API server
// running the Lambda handlers. Configuration, not code, is what differs from
// AWS: the handlers find DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.

export const TABLE_NAME = 'pilot-orchestrator';

export interface LocalStackOptions {
  /** Where DynamoDB's data, the signing key and the pid file live (`.data/`). */
  dataDir: string;
  /** Start with empty data. */
  fresh?: boolean;
  port: number;
  dynamoPort?: number;
  onRequest?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  runtime: LocalRuntime;
  dynamo: RunningDynamoDb;
  auth: LocalAuth;
  stop(): Promise<void>;
}

export const keyFile = (dataDir: string) => join(dataDir, 'local-signing.key');
/** The built web page the local server serves. */
export const webDir = (dataDir: string) => join(dataDir, 'web');
/** The e-mails the local stack sends, as .eml files (SES on AWS). */
export const outboxDir = (dataDir: string) => join(dataDir, 'outbox');

export const startLocalStack = async (opts: LocalStackOptions): Promise<LocalStack> => {
  const dbDir = join(opts.dataDir, 'dynamodb');
  const pidFile = join(opts.dataDir, 'dynamodb.pid');
  killStaleEmulator(pidFile);
  if (opts.fresh) rmSync(dbDir, { recursive: true, force: true });
  mkdirSync(dbDir, { recursive: true });

  const dynamo = await startDynamoDbLocal({ dataDir: dbDir, ...(opts.dynamoPort ? { port: opts.dynamoPort } : {}) });
  writeFileSync(pidFile, String(dynamo.pid));
  try {
    Object.assign(process.env, {
      TABLE_NAME,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'eu-north-1',
      // DynamoDB Local accepts any credentials; these keep the SDK from looking for real ones.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      // The metrics' EMF lines go to the log with INFO (POWERTOOLS_LOG_LEVEL=INFO npm start), as on AWS; at WARN they would drown the terminal.
      POWERTOOLS_METRICS_DISABLED:
        process.env.POWERTOOLS_METRICS_DISABLED ?? String(!['DEBUG', 'INFO'].includes((process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN').toUpperCase())),
    });
    const client = new DynamoDBClient({});
    await ensureTable(client, TABLE_NAME);
    client.destroy();

    const runtime = await startLocalRuntime({
      db: createDocumentClient(),
      tableName: TABLE_NAME,
      outboxDir: outboxDir(opts.dataDir),
      // KMS's stand-in, kept in DATA_DIR: the secrets sealed and the links signed before a restart still open.
      keys: localKeys(loadOrCreateKey(join(opts.dataDir, 'local-keys.key'))),
    });
    const auth = createLocalAuth(loadOrCreateKey(keyFile(opts.dataDir)));
    const server = await startLocalServer({
      auth,
      port: opts.port,
      localRoutes: [...runtime.routes, localTokenRoute(auth)],
      // Built at each start (esbuild: well under a second), so the page always matches the code.
      web: { dir: buildWebPage(webDir(opts.dataDir)), config: { auth: 'local' } },
      ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
    });
    // The links in e-mails point here (on AWS: the web page's and the HTTP API's URLs).
    useLocalUrls(server.url);
    return {
      url: server.url,
      dynamo,
      auth,
      runtime,
      async stop() {
        runtime.stop();
        await server.close();
        await dynamo.stop();
        rmSync(pidFile, { force: true });
      },
    };
  } catch (error) {
    await dynamo.stop();
    rmSync(pidFile, { force: true });
    throw error;
  }
};

/**
 * A previous run killed with SIGKILL cannot stop its emulator, which would
 * then hold the database files. Its pid is in the pid file: stop it if it is
 * still a DynamoDB Local process.
 */
const killStaleEmulator = (pidFile: string) => {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
  } catch {
    // not running any more
  }
  rmSync(pidFile, { force: true });
};
