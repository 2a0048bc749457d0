import { TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { isThrottlingError } from '@smithy/core/retry';
import { ThrottledError } from '../domain/errors.js';

// The boundary where an AWS SDK exception becomes a domain error, so that the
// state machine's Retry and Catch match the domain's names (ThrottledError,
// ContentionError), never an SDK's. Throttling is what the SDK's own retry
// strategy classifies as throttling (@smithy/core's isThrottlingError: HTTP
// 429, the SDK's $retryable mark, and the throttling codes AWS services
// answer with, modelled or not), so this keeps no list of names of its own.
// A DynamoDB transaction conflict (by its class) and a server-side fault
// (5xx) are transient too.

/** The domain error for an SDK exception that is worth retrying later; any other error as it is. */
export const asDomainError = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  // The SDK's error type narrows `cause` to an Error; every field the classifier reads is optional.
  const sdk = error as Parameters<typeof isThrottlingError>[0];
  if (isThrottlingError(sdk) || error instanceof TransactionConflictException || sdk.$fault === 'server') {
    return new ThrottledError(`an AWS service refused for now (${sdk.name})`, { cause: error });
  }
  return error;
};
