import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../logger.js';
import { storeFromEnvironment, type StoreContext } from '../store/client.js';
import { asDomainError } from '../store/sdk-errors.js';

/**
 * A Lambda function the state machine or the scheduler invokes. An error
 * fails the task, and the definition's Retry and Catch decide, matching on
 * the error's name (the Lambda runtime reports `error.name` as the type):
 * so an SDK exception is turned into its domain error here, at the boundary.
 */
export const stepHandler = <I, O>(fn: (input: I, store: StoreContext) => Promise<O>) =>
  middy<I, O, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (input) => {
      try {
        return await fn(input, storeFromEnvironment());
      } catch (error) {
        throw asDomainError(error);
      }
    });
