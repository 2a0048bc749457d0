import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { LocalScheduler } from '../../functions/adapters/local/scheduler.js';
import { LocalWorkflowEngine } from '../../functions/adapters/local/workflow-engine.js';
import { localKeys } from '../../functions/adapters/local/keys.js';
import { configurePorts } from '../../functions/composition.js';
import type { Keys } from '../../functions/ports/keys.js';
import { nextDigestAt } from '../../functions/services/digest.js';
import type { WakeUpPayload } from '../../functions/ports/scheduler.js';
import type { LocalRoute } from './local-route.js';
import { z } from 'zod';
import { startOfDay } from '../../functions/domain/calendar.js';
import { parseInput } from '../../functions/domain/validation.js';
import { DomainError } from '../../functions/domain/errors.js';
import { sweepExpired } from '../../functions/adapters/local/ttl-sweeper.js';
import { LOCAL_MAIL_FROM, outboxMailer } from '../../functions/adapters/local/outbox.js';
import { logger } from '../../functions/logger.js';
import { releaseOrphanedClaims } from '../../functions/store/mails.js';

// The composition root of the local stack's engine: the local clock,
// scheduler and workflow engine behind the same ports the AWS adapters
// implement, and the step handlers the state machine's Lambda tasks run.

export const DEFINITION_FILE = new URL('../../workflows/pilot-lifecycle.asl.json', import.meta.url);

/** The Lambda context a locally invoked step gets. */
const stepContext = (functionName: string): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/** Told of each function invocation and its duration (the bench prices them as Lambda invocations). */
export type InvocationObserver = (functionName: string, ms: number) => void;

/**
 * Runs each function invocation (the bench: inside an AsyncLocalStorage
 * naming the function, so that its DynamoDB counter knows which function
 * made each call).
 */
export type InvocationWrapper = <T>(functionName: string, run: () => Promise<T>) => Promise<T>;

const invoker =
  (observe: InvocationObserver | undefined, around: InvocationWrapper = (_name, run) => run()) =>
  (name: string, handler: (event: never, context: Context) => Promise<unknown>) =>
  async (event: unknown) => {
    const started = performance.now();
    try {
      return await around(name, () => handler(event as never, stepContext(name)));
    } finally {
      observe?.(name, performance.now() - started);
    }
  };

export interface LocalRuntime {
  /** Fast-forwards the clock to `target`, firing due wake-ups in order, then deletes expired personal data. */
  advance(target: Date): ReturnType<LocalScheduler['advanceTo']>;
  clock: LocalClock;
  scheduler: LocalScheduler;
  engine: LocalWorkflowEngine;
  /** The local-only routes: the clock. */
  routes: LocalRoute[];
  stop(): void;
}

/**
 * Builds the local engine, configures the ports, runs again every execution
 * that was running when the stack last stopped, and (unless `tick` is 0)
 * fires due wake-ups in real time.
 */
export const startLocalRuntime = async (opts: {
  db: DynamoDBDocumentClient;
  tableName: string;
  clock?: LocalClock;
  tickMs?: number;
  /** Where the e-mails go, as .eml files. */
  outboxDir: string;
  /** KMS's stand-in (the companies' secrets, the e-mail links); a fresh random key unless given. */
  keys?: Keys;
  onInvoke?: InvocationObserver;
  aroundInvoke?: InvocationWrapper;
  /** Retry intervals and Wait states in ms instead of the definition's (tests: 0, so nothing waits in real time). */
  retryDelayMs?: number;
}): Promise<LocalRuntime> => {
  const invoke = invoker(opts.onInvoke, opts.aroundInvoke);
  useLocalMailEnvironment();
  // Imported after the environment is set: a mail-sending function checks it when it loads (functions/config.ts).
  const [{ handler: lifecycleStep }, { handler: park }, { handler: wakeUp }, { handler: digest }] = await Promise.all([
    import('../../functions/steps/lifecycle-step.js'),
    import('../../functions/steps/park.js'),
    import('../../functions/steps/wake-up.js'),
    import('../../functions/steps/digest.js'),
  ]);
  const clock = opts.clock ?? (await LocalClock.persistent(opts.db, opts.tableName));
  const engine = new LocalWorkflowEngine({
    db: opts.db,
    tableName: opts.tableName,
    clock,
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
    definition: readFileSync(DEFINITION_FILE, 'utf8'),
    functions: {
      LifecycleStepFunctionArn: invoke('lifecycle-step', lifecycleStep),
      ParkFunctionArn: invoke('park', park),
    },
  });
  // The digest's cron (Monday 07:00 on AWS) is a chain of one-time schedules here: each run schedules the next.
  const scheduleDigest = () =>
    scheduler.schedule({ name: `digest-${nextDigestAt(clock.now())}`.replace(/[:.]/g, '-'), at: nextDigestAt(clock.now()), payload: { pilotId: '' } });
  const fire = async (name: string, payload: WakeUpPayload) => {
    if (!name.startsWith('digest-')) return invoke('wake-up', wakeUp)(payload);
    await invoke('digest', digest)({});
    await scheduleDigest();
  };
  const scheduler = new LocalScheduler(opts.db, opts.tableName, clock, fire, () => engine.settled());
  // The local runtime's composition root: every port is a local adapter (functions/wiring.ts is Lambda's).
  configurePorts({ clock, scheduler, workflow: engine, mailer: outboxMailer(opts.outboxDir, clock), keys: opts.keys ?? localKeys(randomBytes(32)) });
  // The only sender here, just started: a claim still `sending` was its dead predecessor's. Released before the
  // executions resume, so the step that made it, run again, sends the mail rather than taking it as handled.
  await releaseOrphanedClaims({ db: opts.db, tableName: opts.tableName, clock });
  // Likewise a schedule it was firing: due again, as AWS retries an invocation that died.
  await scheduler.releaseAbandoned();
  await engine.recover();
  if (!(await scheduler.pending()).some((w) => w.name.startsWith('digest-'))) await scheduleDigest();

  const sweep = () => sweepExpired(opts.db, opts.tableName, clock);
  // The hourly operations check on AWS (the wake-up function on its own schedule); here after each advance and once a minute.
  const check = () => invoke('wake-up', wakeUp)({ pilotId: '', check: 'operations' });
  const advance = async (target: Date) => {
    const fired = await scheduler.advanceTo(target);
    // An execution parked past its year times out, as on AWS, even if no wake-up resumed it.
    await engine.enforceTimeLimit();
    await sweep();
    await check();
    return fired;
  };
  const tickMs = opts.tickMs ?? 1000;
  let ticks = 0;
  const ticker =
    tickMs > 0
      ? setInterval(() => {
          void scheduler.fireDue().catch((error: unknown) => logger.error('a wake-up failed', { error: error as Error }));
          // Expired personal data: once a minute is plenty for real time.
          if (++ticks % Math.max(1, Math.round(60_000 / tickMs)) === 0) {
            void sweep().catch(() => undefined);
            void check().catch((error: unknown) => logger.error('the operations check failed', { error: error as Error }));
          }
        }, tickMs)
      : undefined;
  ticker?.unref();

  return {
    advance,
    clock,
    scheduler,
    engine,
    routes: clockRoutes(clock, scheduler, advance),
    stop() {
      if (ticker) clearInterval(ticker);
      engine.stop();
    },
  };
};

/**
 * The local stack's mail configuration, set explicitly here (the CDK stack
 * sets it on AWS, and functions/config.ts has no fallbacks): the outbox's
 * sender, and links to this machine until the server knows its URL
 * (useLocalUrls).
 */
const useLocalMailEnvironment = () => {
  process.env.MAIL_FROM ??= LOCAL_MAIL_FROM;
  process.env.PUBLIC_URL ??= 'http://localhost:3000';
  process.env.API_URL ??= process.env.PUBLIC_URL;
};

/** The local server serves the web page and the API at one URL: every e-mail's links go there. */
export const useLocalUrls = (url: string): void => {
  process.env.PUBLIC_URL = url;
  process.env.API_URL = url;
};

const Advance = z.union([
  z.object({ days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ to: z.iso.date({ error: 'must be a calendar date, YYYY-MM-DD' }) }).strict(),
]);

/** POST /_local/clock/advance { days } | { to }: fast-forward, firing every due wake-up in order. GET /_local/clock. */
const clockRoutes = (clock: LocalClock, scheduler: LocalScheduler, advance: LocalRuntime['advance']): LocalRoute[] => [
  {
    method: 'GET',
    path: '/_local/clock',
    handle: async () => ({ statusCode: 200, body: { now: clock.now().toISOString(), pending: await scheduler.pending() } }),
  },
  {
    method: 'POST',
    path: '/_local/clock/advance',
    handle: async (body) => {
      try {
        const input = parseInput(Advance, body);
        const target = 'days' in input ? new Date(clock.now().getTime() + input.days * 86_400_000) : new Date(startOfDay(input.to));
        if (target.getTime() < clock.now().getTime()) {
          return { statusCode: 409, body: { error: 'conflict', message: `the clock is at ${clock.now().toISOString()}; it only moves forward` } };
        }
        const fired = await advance(target);
        return { statusCode: 200, body: { now: clock.now().toISOString(), fired } };
      } catch (error) {
        if (error instanceof DomainError) {
          return { statusCode: error.status, body: { error: error.code, message: error.message, issues: error.issues } };
        }
        throw error;
      }
    },
  },
];
