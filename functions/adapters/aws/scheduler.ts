import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Scheduler } from '../../ports/scheduler.js';
import { wallClockInCopenhagen } from '../../domain/calendar.js';
import { traced } from '../../tracing.js';

// The product's deadlines are Copenhagen dates, so the schedules say
// Copenhagen time: a schedule read in the console shows the deadline a
// consultant knows ("at 00:00 on the 2nd"), not its UTC instant.
const ZONE = 'Europe/Copenhagen';

/** The Copenhagen wall-clock time (`YYYY-MM-DDTHH:MM:SS`) of an ISO instant, as `at()` wants it. */
export const copenhagenWallClock = (isoInstant: string): string => {
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) throw new Error(`not an ISO 8601 instant: ${JSON.stringify(isoInstant)}`);
  return wallClockInCopenhagen(instant);
};

/**
 * The Scheduler's documentation does not promise that an `at()` in the past
 * is accepted, and reports say CreateSchedule rejects it; either way a
 * wake-up whose deadline has passed (a task that timed out and parked again,
 * a deadline moved into the past) must still fire. So it is scheduled one
 * minute from now instead: the earliest time that is surely still in the
 * future when the request arrives, given the Scheduler's 60 s precision.
 * This is the real time on purpose: it is AWS's clock that decides "past".
 */
const MIN_LEAD_MS = 60_000;

/**
 * Retry for as long as the Scheduler allows (185 attempts, 24 hours): a lost
 * wake-up leaves a pilot parked forever. After that the event goes to the
 * dead-letter queue, where an alarm and a person can pick it up.
 */
const RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };

let client: SchedulerClient | undefined;
// Loaded on first use, not with the module: most functions bundle this adapter
// (through the ports) but never schedule, and the SDK client costs ~20-60 ms
// of every cold start to load (npm run bench, cold start).
let sdk: Promise<typeof import('@aws-sdk/client-scheduler')> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-scheduler'));

const required = (value: string | undefined, name: string, what: string): string => {
  if (!value) throw new Error(`the EventBridge Scheduler adapter needs the environment variable ${name} (${what}); it is not set`);
  return value;
};

/**
 * EventBridge Scheduler one-time schedules in the group SCHEDULE_GROUP_NAME,
 * invoking WAKE_UP_FUNCTION_ARN as SCHEDULER_ROLE_ARN, with failed
 * invocations sent to SCHEDULER_DLQ_ARN when it is set. The environment is
 * read here and checked on use, per operation: the wake-up function cancels
 * but never creates schedules, and cannot hold its own ARN.
 */
export const awsScheduler = (): Scheduler => {
  const env = {
    group: process.env.SCHEDULE_GROUP_NAME,
    target: process.env.WAKE_UP_FUNCTION_ARN,
    role: process.env.SCHEDULER_ROLE_ARN,
    deadLetterQueue: process.env.SCHEDULER_DLQ_ARN,
  };
  const groupName = () => required(env.group, 'SCHEDULE_GROUP_NAME', 'the schedule group for wake-ups');

  return {
    async schedule({ name, at, payload }) {
      const group = groupName();
      const target = required(env.target, 'WAKE_UP_FUNCTION_ARN', 'the Lambda function a wake-up invokes');
      const role = required(env.role, 'SCHEDULER_ROLE_ARN', 'the role EventBridge Scheduler assumes to invoke it');
      const due = Date.parse(at);
      if (Number.isNaN(due)) throw new Error(`wake-up ${name}: not an ISO 8601 instant: ${JSON.stringify(at)}`);
      const fireAt = new Date(Math.max(due, Date.now() + MIN_LEAD_MS)).toISOString();

      const { SchedulerClient, CreateScheduleCommand, ConflictException } = await loadSdk();
      client ??= traced(new SchedulerClient({}));
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name,
            GroupName: group,
            ScheduleExpression: `at(${copenhagenWallClock(fireAt)})`,
            ScheduleExpressionTimezone: ZONE,
            FlexibleTimeWindow: { Mode: 'OFF' },
            // One-time schedules would otherwise stay behind and count against the account's quota.
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: target,
              RoleArn: role,
              Input: JSON.stringify(payload),
              RetryPolicy: RETRY_POLICY,
              ...(env.deadLetterQueue ? { DeadLetterConfig: { Arn: env.deadLetterQueue } } : {}),
            },
          }),
        );
      } catch (error) {
        // The name carries the wait and its schedule version, so a schedule of
        // this name is this very wake-up (a retried park): nothing to do.
        if (error instanceof ConflictException) return;
        throw error;
      }
    },

    async cancel(name) {
      const group = groupName();
      const { SchedulerClient, DeleteScheduleCommand, ResourceNotFoundException } = await loadSdk();
      client ??= traced(new SchedulerClient({}));
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: group }));
      } catch (error) {
        // Fired (and deleted after completion), cancelled already, or never made.
        if (error instanceof ResourceNotFoundException) return;
        throw error;
      }
    },
  };
};
