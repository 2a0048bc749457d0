import { ThrottledError } from '../domain/errors.js';

// The boundary where an AWS SDK exception becomes a domain error, so that the
// state machine's Retry and Catch match the domain's names (ThrottledError,
// ContentionError), never an SDK's. The SDK marks its own throttling errors
// ($retryable.throttling) on every service; the names below are those some
// services raise without the mark. A server-side fault (5xx) is transient too.

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
  'TransactionConflictException',
]);

interface SdkErrorShape {
  name?: string;
  $retryable?: { throttling?: boolean };
  $fault?: 'client' | 'server';
}

/** The domain error for an SDK exception that is worth retrying later; any other error as it is. */
export const asDomainError = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  const sdk = error as Error & SdkErrorShape;
  if (sdk.$retryable?.throttling || THROTTLING.has(sdk.name) || sdk.$fault === 'server') {
    return new ThrottledError(`an AWS service refused for now (${sdk.name})`, { cause: error });
  }
  return error;
};
