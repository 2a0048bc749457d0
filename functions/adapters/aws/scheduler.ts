import type { Scheduler } from '../../ports/scheduler.js';

/** EventBridge Scheduler one-time schedules. (Being written: see the AWS adapters work.) */
export const awsScheduler = (): Scheduler => {
  throw new Error('not yet built');
};
