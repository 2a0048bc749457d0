import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { ThrottlingException as SchedulerThrottling, ValidationException } from '@aws-sdk/client-scheduler';
import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { ContentionError, ThrottledError } from '../../functions/domain/errors.js';
import { asDomainError } from '../../functions/store/sdk-errors.js';

// The state machine's Retry matches domain error names: an SDK exception
// becomes one at the step handler's boundary.

describe('SDK exceptions at the step boundary', () => {
  it('DynamoDB and SES throttling become ThrottledError, keeping the cause', () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    const mapped = asDomainError(throttled);
    expect(mapped).toBeInstanceOf(ThrottledError);
    expect((mapped as Error).name).toBe('ThrottledError');
    expect((mapped as Error).cause).toBe(throttled);
    expect(asDomainError(new TooManyRequestsException({ message: 'rate', $metadata: {} }))).toBeInstanceOf(ThrottledError);
    expect(asDomainError(new TransactionConflictException({ message: 'conflict', $metadata: {} }))).toBeInstanceOf(ThrottledError);
  });

  it('throttling as the SDK classifies it: a modelled class of any service, or an unmodelled error answered with 429', () => {
    expect(asDomainError(new SchedulerThrottling({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} }))).toBeInstanceOf(ThrottledError);
    const unmodelled = Object.assign(new Error('Rate exceeded'), { name: 'SomethingNew', $metadata: { httpStatusCode: 429 } });
    expect(asDomainError(unmodelled)).toBeInstanceOf(ThrottledError);
    const invalid = new ValidationException({ message: 'bad name', Message: 'bad name', $metadata: { httpStatusCode: 400 } });
    expect(asDomainError(invalid)).toBe(invalid);
  });

  it('a server-side fault is transient too', () => {
    const fault = Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server' as const });
    expect(asDomainError(fault)).toBeInstanceOf(ThrottledError);
  });

  it('domain errors and other failures pass as they are', () => {
    const contention = new ContentionError('busy');
    expect(asDomainError(contention)).toBe(contention);
    const condition = new ConditionalCheckFailedException({ message: 'no', $metadata: {} });
    expect(asDomainError(condition)).toBe(condition);
    const bug = new TypeError('x is undefined');
    expect(asDomainError(bug)).toBe(bug);
  });
});
