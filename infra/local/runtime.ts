import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { LocalScheduler } from '../../functions/adapters/local/scheduler.js';
import { LocalWorkflowEngine } from '../../functions/adapters/local/workflow-engine.js';
import { configurePorts } from '../../functions/ports/index.js';
import { handler as lifecycleStep } from '../../functions/steps/lifecycle-step.js';
import { handler as park } from '../../functions/steps/park.js';
import { handler as wakeUp } from '../../functions/steps/wake-up.js';
import type { LocalRoute } from './server.js';
import { z } from 'zod';
import { startOfDay } from '../../functions/domain/calendar.js';
import { parseInput } from '../../functions/domain/validation.js';
import { DomainError } from '../../functions/domain/errors.js';

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

const invoke = (name: string, handler: (event: never, context: Context) => Promise<unknown>) => (event: unknown) =>
  handler(event as never, stepContext(name));

export interface LocalRuntime {
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
}): Promise<LocalRuntime> => {
  const clock = opts.clock ?? (await LocalClock.persistent(opts.db, opts.tableName));
  const engine = new LocalWorkflowEngine({
    db: opts.db,
    tableName: opts.tableName,
    definition: readFileSync(DEFINITION_FILE, 'utf8'),
    functions: {
      LifecycleStepFunctionArn: invoke('lifecycle-step', lifecycleStep),
      ParkFunctionArn: invoke('park', park),
    },
  });
  const scheduler = new LocalScheduler(opts.db, opts.tableName, clock, invoke('wake-up', wakeUp), () => engine.settled());
  configurePorts({ clock, scheduler, workflow: engine });
  await engine.recover();

  const tickMs = opts.tickMs ?? 1000;
  const ticker = tickMs > 0 ? setInterval(() => void scheduler.fireDue().catch(() => undefined), tickMs) : undefined;
  ticker?.unref();

  return {
    clock,
    scheduler,
    engine,
    routes: clockRoutes(clock, scheduler),
    stop() {
      if (ticker) clearInterval(ticker);
      engine.stop();
    },
  };
};

const Advance = z.union([
  z.object({ days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ to: z.iso.date({ error: 'must be a calendar date, YYYY-MM-DD' }) }).strict(),
]);

/** POST /_local/clock/advance { days } | { to }: fast-forward, firing every due wake-up in order. GET /_local/clock. */
const clockRoutes = (clock: LocalClock, scheduler: LocalScheduler): LocalRoute[] => [
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
        const fired = await scheduler.advanceTo(target);
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
