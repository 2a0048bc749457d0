import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsScheduler, copenhagenWallClock } from '../../functions/adapters/aws/scheduler.js';
import { awsWorkflowEngine } from '../../functions/adapters/aws/workflow.js';
import { ExecutionExistsError, TaskTokenInvalidError } from '../../functions/ports/workflow.js';

// The AWS adapters' call shapes and their translation of SDK faults into the
// ports' contract. The real services are not reachable from a test; what
// matters here is what we send and what we make of each answer.

const scheduler = mockClient(SchedulerClient);
const sfn = mockClient(SFNClient);

const GROUP = 'pilot-orchestrator-test-wake-ups';
const WAKE_UP_ARN = 'arn:aws:lambda:eu-north-1:123456789012:function:wake-up';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/scheduler';
const DLQ_ARN = 'arn:aws:sqs:eu-north-1:123456789012:wake-up-dlq';
const MACHINE_ARN = 'arn:aws:states:eu-north-1:123456789012:stateMachine:pilot-orchestrator-test-lifecycle';
const EXECUTION_ARN = 'arn:aws:states:eu-north-1:123456789012:execution:pilot-orchestrator-test-lifecycle:pilot-1';

const payload = { pilotId: 'pilot-1', waitId: 'recruitment-closes:1' };
const wakeUp = (at: string) => ({ name: 'pilot-1-recruitment-closes-1', at, payload });

const metadata = { $metadata: {} };

beforeEach(() => {
  vi.stubEnv('SCHEDULE_GROUP_NAME', GROUP);
  vi.stubEnv('WAKE_UP_FUNCTION_ARN', WAKE_UP_ARN);
  vi.stubEnv('SCHEDULER_ROLE_ARN', ROLE_ARN);
  vi.stubEnv('SCHEDULER_DLQ_ARN', DLQ_ARN);
  vi.stubEnv('STATE_MACHINE_ARN', MACHINE_ARN);
  // Only Date is faked: "now" is before every deadline in these tests unless a test moves it.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2020-01-01T12:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  scheduler.reset();
  sfn.reset();
});

const createInput = () => scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;

describe('copenhagenWallClock', () => {
  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(copenhagenWallClock('2020-03-01T23:00:00.000Z')).toBe('2020-03-02T00:00:00');
    expect(copenhagenWallClock('2020-07-01T22:00:00.000Z')).toBe('2020-07-02T00:00:00');
  });

  it('jumps from 01:59:59 to 03:00:00 on the spring night, when 01:00 UTC is 02:00 winter time', () => {
    expect(copenhagenWallClock('2020-03-29T00:59:59.000Z')).toBe('2020-03-29T01:59:59');
    expect(copenhagenWallClock('2020-03-29T01:00:00.000Z')).toBe('2020-03-29T03:00:00');
  });

  it('lives through 02:00-02:59 twice on the autumn night', () => {
    expect(copenhagenWallClock('2020-10-25T00:30:00.000Z')).toBe('2020-10-25T02:30:00');
    expect(copenhagenWallClock('2020-10-25T01:30:00.000Z')).toBe('2020-10-25T02:30:00');
    expect(copenhagenWallClock('2020-10-25T02:00:00.000Z')).toBe('2020-10-25T03:00:00');
  });

  it('writes midnight as 00, not 24', () => {
    expect(copenhagenWallClock('2020-12-31T23:00:00.000Z')).toBe('2021-01-01T00:00:00');
  });
});

describe('awsScheduler', () => {
  it('creates a one-time schedule at the deadline in Copenhagen time that deletes itself and invokes the wake-up with the payload', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });

    await awsScheduler().schedule(wakeUp('2020-03-01T23:00:00.000Z'));

    expect(createInput()).toEqual({
      Name: 'pilot-1-recruitment-closes-1',
      GroupName: GROUP,
      ScheduleExpression: 'at(2020-03-02T00:00:00)',
      ScheduleExpressionTimezone: 'Europe/Copenhagen',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: WAKE_UP_ARN,
        RoleArn: ROLE_ARN,
        Input: JSON.stringify(payload),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
    expect(JSON.parse(createInput().Target!.Input!)).toEqual(payload);
  });

  it('writes a summer deadline with the summer offset', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await awsScheduler().schedule(wakeUp('2020-07-01T22:00:00.000Z'));
    expect(createInput().ScheduleExpression).toBe('at(2020-07-02T00:00:00)');
  });

  it('writes a deadline on the spring DST night in the hour that exists', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await awsScheduler().schedule(wakeUp('2020-03-29T01:30:00.000Z'));
    expect(createInput().ScheduleExpression).toBe('at(2020-03-29T03:30:00)');
  });

  it('leaves out the dead-letter queue when SCHEDULER_DLQ_ARN is not set', async () => {
    vi.stubEnv('SCHEDULER_DLQ_ARN', undefined);
    scheduler.on(CreateScheduleCommand).resolves({});
    await awsScheduler().schedule(wakeUp('2020-03-01T23:00:00.000Z'));
    expect(createInput().Target).not.toHaveProperty('DeadLetterConfig');
  });

  it('schedules a deadline that has passed, or is less than a minute away, one minute from now', async () => {
    vi.setSystemTime(new Date('2020-07-01T10:00:00.000Z')); // 12:00:00 in Copenhagen
    scheduler.on(CreateScheduleCommand).resolves({});

    await awsScheduler().schedule(wakeUp('2020-06-30T22:00:00.000Z'));
    await awsScheduler().schedule(wakeUp('2020-07-01T10:00:30.000Z'));
    await awsScheduler().schedule(wakeUp('2020-07-01T10:05:00.000Z'));

    expect(scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input.ScheduleExpression)).toEqual([
      'at(2020-07-01T12:01:00)',
      'at(2020-07-01T12:01:00)',
      'at(2020-07-01T12:05:00)',
    ]);
  });

  it('treats a schedule that exists already (a retried park) as created', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', ...metadata }));
    await expect(awsScheduler().schedule(wakeUp('2020-03-01T23:00:00.000Z'))).resolves.toBeUndefined();
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(1);
  });

  it('passes any other failure to create on, unchanged', async () => {
    const fault = new ValidationException({ message: 'bad', Message: 'bad', ...metadata });
    scheduler.on(CreateScheduleCommand).rejects(fault);
    await expect(awsScheduler().schedule(wakeUp('2020-03-01T23:00:00.000Z'))).rejects.toBe(fault);
  });

  it('cancels by deleting the schedule in its group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    await awsScheduler().cancel('pilot-1-recruitment-closes-1');
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'pilot-1-recruitment-closes-1',
      GroupName: GROUP,
    });
  });

  it('treats cancelling a schedule that is gone (fired or never made) as done', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', ...metadata }));
    await expect(awsScheduler().cancel('pilot-1-recruitment-closes-1')).resolves.toBeUndefined();
  });

  it('passes any other failure to cancel on, unchanged', async () => {
    const fault = new ConflictException({ message: 'busy', Message: 'busy', ...metadata });
    scheduler.on(DeleteScheduleCommand).rejects(fault);
    await expect(awsScheduler().cancel('pilot-1-recruitment-closes-1')).rejects.toBe(fault);
  });

  it('names a missing environment variable on first use, before calling AWS', async () => {
    vi.stubEnv('SCHEDULE_GROUP_NAME', undefined);
    const adapter = awsScheduler();
    await expect(adapter.schedule(wakeUp('2020-03-01T23:00:00.000Z'))).rejects.toThrow(/SCHEDULE_GROUP_NAME/);
    await expect(adapter.cancel('x')).rejects.toThrow(/SCHEDULE_GROUP_NAME/);
    expect(scheduler.calls()).toHaveLength(0);
  });

  it('cancels without the wake-up ARN, which only creating a schedule needs', async () => {
    vi.stubEnv('WAKE_UP_FUNCTION_ARN', undefined);
    scheduler.on(DeleteScheduleCommand).resolves({});
    const adapter = awsScheduler();
    await expect(adapter.schedule(wakeUp('2020-03-01T23:00:00.000Z'))).rejects.toThrow(/WAKE_UP_FUNCTION_ARN/);
    await expect(adapter.cancel('pilot-1-recruitment-closes-1')).resolves.toBeUndefined();
  });
});

describe('awsWorkflowEngine', () => {
  const alreadyExists = () => new ExecutionAlreadyExists({ message: 'Execution Already Exists', ...metadata });

  it('starts the execution named by the pilot with the JSON input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });

    await expect(awsWorkflowEngine().start('pilot-1', { pilotId: 'pilot-1' })).resolves.toEqual({
      executionId: EXECUTION_ARN,
      alreadyRunning: false,
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: MACHINE_ARN,
      name: 'pilot-1',
      input: JSON.stringify({ pilotId: 'pilot-1' }),
    });
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('returns the running execution when the name is taken by one that still runs', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'RUNNING' });

    await expect(awsWorkflowEngine().start('pilot-1', { pilotId: 'pilot-1' })).resolves.toEqual({
      executionId: EXECUTION_ARN,
      alreadyRunning: true,
    });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input).toEqual({ executionArn: EXECUTION_ARN });
  });

  it('refuses with ExecutionExistsError when the name belongs to a finished execution, keeping the cause', async () => {
    const fault = alreadyExists();
    sfn.on(StartExecutionCommand).rejects(fault);
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'SUCCEEDED' });

    const error = await awsWorkflowEngine()
      .start('pilot-1', { pilotId: 'pilot-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionExistsError);
    expect((error as Error).cause).toBe(fault);
  });

  it('passes any other failure to start on, without describing', async () => {
    const fault = new StateMachineDoesNotExist({ message: 'no such machine', ...metadata });
    sfn.on(StartExecutionCommand).rejects(fault);
    await expect(awsWorkflowEngine().start('pilot-1', { pilotId: 'pilot-1' })).rejects.toBe(fault);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('names a missing STATE_MACHINE_ARN when starting, and resumes tasks without it', async () => {
    vi.stubEnv('STATE_MACHINE_ARN', undefined);
    sfn.on(SendTaskSuccessCommand).resolves({});
    const engine = awsWorkflowEngine();
    await expect(engine.start('pilot-1', { pilotId: 'pilot-1' })).rejects.toThrow(/STATE_MACHINE_ARN/);
    await expect(engine.sendTaskSuccess('token-1', { action: 'continue' })).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('resumes a parked task with the output as JSON', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    const output = { action: 'continue', resumedBy: 'deadline' };

    await awsWorkflowEngine().sendTaskSuccess('token-1', output);

    const input = sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input;
    expect(input).toEqual({ taskToken: 'token-1', output: JSON.stringify(output) });
    expect(JSON.parse(input.output!)).toEqual(output);
  });

  it.each([
    ['TaskTimedOut', () => new TaskTimedOut({ message: 'timed out', ...metadata })],
    ['InvalidToken', () => new InvalidToken({ message: 'invalid', ...metadata })],
    ['TaskDoesNotExist', () => new TaskDoesNotExist({ message: 'no task', ...metadata })],
  ])('turns %s into TaskTokenInvalidError, keeping the cause', async (_name, make) => {
    const fault = make();
    sfn.on(SendTaskSuccessCommand).rejects(fault);

    const error = await awsWorkflowEngine()
      .sendTaskSuccess('token-1', { action: 'continue' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskTokenInvalidError);
    expect((error as Error).cause).toBe(fault);
  });

  it('passes any other failure to resume on, unchanged', async () => {
    const fault = new Error('service unavailable');
    sfn.on(SendTaskSuccessCommand).rejects(fault);
    await expect(awsWorkflowEngine().sendTaskSuccess('token-1', { action: 'continue' })).rejects.toBe(fault);
  });
});
