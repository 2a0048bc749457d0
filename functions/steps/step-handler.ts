import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../logger.js';
import { storeFromEnvironment, type StoreContext } from '../store/client.js';

/**
 * A Lambda function the state machine or the scheduler invokes. Errors are
 * not mapped: they fail the task, and the definition's Retry and Catch
 * decide (matching on the domain error names).
 */
export const stepHandler = <I, O>(fn: (input: I, store: StoreContext) => Promise<O>) =>
  middy<I, O, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (input) => fn(input, storeFromEnvironment()));
