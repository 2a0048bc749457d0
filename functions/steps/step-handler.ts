import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger, type CorrelationKeys } from '../logger.js';
import { count } from '../metrics.js';
import { observed } from '../observability.js';
import { handlerContext } from '../composition.js';
import type { ServiceContext } from '../services/context.js';
import { asDomainError } from '../store/sdk-errors.js';

/**
 * A Lambda function the state machine or the scheduler invokes. An error
 * fails the task, and the definition's Retry and Catch decide, matching on
 * the error's name (the Lambda runtime reports `error.name` as the type):
 * so an SDK exception is turned into its domain error here, at the boundary.
 * The step gets the runtime's context: the store and the ports.
 */
export const stepHandler = <I, O>(fn: (input: I, ctx: ServiceContext) => Promise<O>) =>
  observed(
    stepKeys,
    middy<I, O, Error, Context>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(countFailures())
      .handler(async (input) => {
        try {
          return await fn(input, handlerContext());
        } catch (error) {
          throw asDomainError(error);
        }
      }),
  );

/** The step's name: the lifecycle step's action, or what the wake-up does, or the function. */
const stepOf = (input: unknown, context: Context): string => {
  const i = (input ?? {}) as Record<string, unknown>;
  if (typeof i.action === 'string') return i.action;
  if (i.mailRetry) return 'mail-retry';
  if (typeof i.notice === 'string') return `notice:${i.notice}`;
  if (i.check === 'operations') return 'operations-check';
  return context.functionName;
};

/**
 * A step's correlation ids, from its input: the pilot, the step, the wait,
 * and the execution where the state machine passes it (every task does:
 * workflows/definition.ts; a park gets it as `{ name, startedAt }`). The
 * task token and anything else in the input stay out.
 */
export const stepKeys = (input: unknown, context: Context): CorrelationKeys => {
  const i = (input ?? {}) as Record<string, unknown>;
  const wait = i.wait as Record<string, unknown> | undefined;
  const execution = i.execution as string | Record<string, unknown> | undefined;
  const executionName = typeof execution === 'string' ? execution : execution?.name;
  return {
    pilotId: typeof i.pilotId === 'string' ? i.pilotId : undefined,
    step: stepOf(input, context),
    wait: typeof wait?.for === 'string' ? wait.for : undefined,
    execution: typeof executionName === 'string' ? executionName : undefined,
  };
};

/** Each failed attempt of a step (the state machine's Retry or Catch decides what follows). */
const countFailures = <I, O>(): middy.MiddlewareObj<I, O, Error, Context> => ({
  onError: async (request) => {
    count('StepFailures', { step: stepOf(request.event, request.context) });
    logger.error('step failed', { errorName: request.error?.name, error: request.error as Error });
  },
});
