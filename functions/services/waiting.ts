import { randomBytes } from 'node:crypto';
import { deadlineOf, EXECUTION_RENEW_DAYS, STEP_RETRY_WAIT, WAITS, type PhaseWaitFor, type WaitFor } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import type { ServiceContext } from './context.js';
import { TaskTokenInvalidError } from '../ports/workflow.js';
import { logger } from '../logger.js';
import { count } from '../metrics.js';
import { auditPut, SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { transact } from '../store/transact.js';
import { cancelNotices, scheduleNotices } from './notices.js';
import {
  enterWait,
  getWait,
  moveDeadline,
  queueEarlyResume,
  releaseToken,
  scheduleName,
  storeToken,
  takeReadToken,
  takeToken,
  type Wait,
  type WaitMatch,
} from '../store/waits.js';

// Parking and resuming the pilot's execution. Only what moves the phase
// resumes it (a deadline, a full pilot, a consultant's decision); a
// participant-level change only updates DynamoDB. That keeps each
// execution's history a few hundred events, whatever the pilot's size.

/** What a resumed task returns to the state machine: `action` steers its Choice states. */
export type ResumeOutput = {
  /** `retry` resumes a failed step; `renew` makes the execution continue in a successor. */
  action: 'continue' | 'close' | 'extend' | 'retry' | 'renew';
  resumedBy: 'deadline' | 'event' | 'consultant' | 'renewal';
  [k: string]: unknown;
};

/** The execution a task was parked by, as the definition passes it ($$.Execution). */
export interface ParkedBy {
  name: string;
  startedAt: string;
}

/** The renewal wake-up of an execution: one per execution, whatever wait it is parked on. */
const renewalName = (execution: string) => `renew-${execution}`;

export interface StepResult {
  skip: boolean;
  wait: (Omit<Wait, 'token' | 'earlyResume' | 'scheduleVersion'> & { scheduleVersion: number }) | null;
}

/**
 * Creates the pending wait and shows it on the pilot, with the audit entry,
 * in one transaction. If this wait already exists (the step ran before), it
 * is returned as it is. A close asked for meanwhile is queued on it.
 */
export const createWait = async (
  ctx: ServiceContext,
  pilot: Pilot,
  waitFor: PhaseWaitFor,
  /** The wait as the caller read it with the pilot (getPilotAndWait): not read again. */
  read?: { existing: Wait | undefined },
): Promise<StepResult['wait']> => {
  const existing = read ? read.existing : await getWait(ctx, pilot.id);
  if (existing?.for === waitFor) {
    // The step ran before and may have died while scheduling the notices (each is cancelled, then scheduled
    // again): they are scheduled again, or a notice cancelled just before the crash (the survey's reminder,
    // say) would never come. Idempotent: the same names at the same times; a send-once key keeps each e-mail to one.
    await scheduleNotices(ctx, pilot, waitFor, ctx.clock.now());
    return existing;
  }

  const now = ctx.clock.now();
  const deadline = deadlineOf(pilot, waitFor);
  const wait: Wait = {
    waitId: randomBytes(4).toString('hex'),
    for: waitFor,
    phase: WAITS[waitFor],
    deadline,
    scheduleVersion: 1,
    ...(pilot.closeRequested ? { earlyResume: { action: 'close', resumedBy: 'consultant', reason: pilot.closeRequested.reason } } : {}),
  };
  const committed = await enterWait(ctx, pilot.id, wait, now);
  if (!committed) {
    const current = await getWait(ctx, pilot.id);
    if (current?.for === waitFor) {
      await scheduleNotices(ctx, pilot, waitFor, now);
      return current;
    }
    throw new Error(`pilot ${pilot.id} still has a parked wait for ${current?.for}`);
  }
  await scheduleNotices(ctx, pilot, waitFor, now);
  return wait;
};

/**
 * The waiting task's Lambda: stores the token and schedules the wake-up at
 * the deadline (not while the pilot is paused: its deadlines are frozen). If
 * an event was queued before the token existed, resumes at once with it.
 */
export const park = async (
  ctx: ServiceContext,
  input: { pilotId: string; taskToken: string; wait: Omit<Wait, 'token' | 'earlyResume' | 'execution'>; execution: ParkedBy },
): Promise<void> => {
  const wait = await storeToken(ctx, input.pilotId, input.wait, input.taskToken, input.execution.name);
  if (wait.earlyResume) {
    const taken = await takeToken(ctx, input.pilotId, { waitId: wait.waitId });
    if (taken) await resume(ctx, input.pilotId, taken, wait.earlyResume as ResumeOutput, SYSTEM_ACTOR);
    return;
  }
  // Always, paused or not: a pause freezes the deadlines, not the execution's age.
  const renewAt = Math.max(Date.parse(input.execution.startedAt) + EXECUTION_RENEW_DAYS * 86_400_000, ctx.clock.now().getTime());
  await ctx.ports.scheduler.schedule({
    name: renewalName(input.execution.name),
    at: new Date(renewAt).toISOString(),
    payload: { pilotId: input.pilotId, renew: input.execution.name },
  });
  const pilot = await getPilot(ctx, input.pilotId);
  if (pilot.status === 'paused') return;
  await ctx.ports.scheduler.schedule({
    name: scheduleName(input.pilotId, wait),
    at: wait.deadline,
    payload: { pilotId: input.pilotId, waitId: `${wait.waitId}:${wait.scheduleVersion}` },
  });
};

/**
 * Resumes the pending wait if it matches. Exactly one of any racing resumes
 * wins ('resumed'); if the wait is entered but not yet parked, the first
 * resume is queued for the park ('queued'); everyone else gets 'none' and
 * does nothing.
 */
export const resumeWait = async (
  ctx: ServiceContext,
  pilotId: string,
  match: WaitMatch,
  output: ResumeOutput,
  actor: Actor,
  /**
   * The wait as the caller just read it (a wake-up, a request that ends a phase early): taken with its audit
   * entry in one transaction while it is still that wait, if it is one `match` names.
   */
  read?: Wait,
): Promise<'resumed' | 'queued' | 'none'> => {
  const matches = (wait: Wait) => ('waitId' in match ? wait.waitId === match.waitId : match.for.includes(wait.for));
  if (read?.token && matches(read) && (await takeReadToken(ctx, pilotId, read, resumedEntry(actor, read, output)))) {
    await resume(ctx, pilotId, read, output, actor, { audited: true });
    return 'resumed';
  }
  // Twice at most: the park may store its token between the take (no token yet) and the queueing (a token now),
  // and both fail; the second take finds the token. Without it, that resume was lost until the wait's deadline
  // (e.g. the last exam results sent just as the certification wait is being parked).
  for (let attempt = 0; attempt < 2; attempt++) {
    const taken = await takeToken(ctx, pilotId, match);
    if (taken) {
      await resume(ctx, pilotId, taken, output, actor);
      return 'resumed';
    }
    if (await queueEarlyResume(ctx, pilotId, match, output)) return 'queued';
  }
  return 'none';
};

/** The audit entry of a resume: what the pilot waited for, and what resumed it how. */
const resumedEntry = (actor: Actor, wait: Wait, output: ResumeOutput) => ({
  actor,
  action: 'pilot.resumed-from-wait',
  details: { waitedFor: wait.for, by: output.resumedBy, action: output.action },
});

const resume = async (ctx: ServiceContext, pilotId: string, wait: Wait, output: ResumeOutput, actor: Actor, opts: { audited?: boolean } = {}) => {
  count('Resumes', { cause: output.resumedBy });
  // The audit entry first (unless it was written with the taking): if the process dies after it, the trail still says what resumed the pilot.
  if (!opts.audited) await transact(ctx, [auditPut(ctx, pilotId, resumedEntry(actor, wait, output))]);
  // Before the resume: the execution's next park schedules its renewal again, and must not see it cancelled.
  if (wait.execution) await ctx.ports.scheduler.cancel(renewalName(wait.execution));
  try {
    await ctx.ports.workflow.sendTaskSuccess(wait.token!, output);
  } catch (error) {
    // The task timed out and parked again with a new token; that park sees the
    // wait gone and parks afresh, and its wake-up (now past) fires at once.
    if (!(error instanceof TaskTokenInvalidError)) throw error;
    logger.warn('token no longer valid when resuming', { pilotId, waitFor: wait.for });
  }
  if (output.resumedBy !== 'deadline') await ctx.ports.scheduler.cancel(scheduleName(pilotId, wait));
};

/**
 * After the pilot's dates changed (PATCH, or resume after a pause): moves
 * the pending wait's deadline and its wake-up, and shows the new deadline.
 */
export const reschedulePendingWait = async (ctx: ServiceContext, pilot: Pilot): Promise<void> => {
  const wait = await getWait(ctx, pilot.id);
  if (!wait) return;
  const deadline = deadlineOf(pilot, wait.for);
  const moved = deadline === wait.deadline ? wait : await moveDeadline(ctx, pilot.id, wait, deadline);
  if (!moved) return; // resumed or moved by someone else meanwhile
  if (moved !== wait) await ctx.ports.scheduler.cancel(scheduleName(pilot.id, wait));
  if (moved.token && pilot.status === 'running') {
    await ctx.ports.scheduler.schedule({
      name: scheduleName(pilot.id, moved),
      at: moved.deadline,
      payload: { pilotId: pilot.id, waitId: `${moved.waitId}:${moved.scheduleVersion}` },
    });
  }
  await changePilot(ctx, pilot.id, { set: { nextDeadline: deadline } });
  if (pilot.status === 'running') await scheduleNotices(ctx, pilot, moved.for, ctx.clock.now());
};

/** Cancels the pending wait's wake-up (pausing: the deadline is frozen until resumed). */
export const cancelWakeUp = async (ctx: ServiceContext, pilotId: string): Promise<void> => {
  const wait = await getWait(ctx, pilotId);
  if (wait) await ctx.ports.scheduler.cancel(scheduleName(pilotId, wait));
  if (wait) await cancelNotices(ctx, pilotId);
};

/** The waits an event may end, for resumeWait's match. */
export const waitingFor = (...waits: WaitFor[]): WaitMatch => ({ for: waits });

/**
 * Resumes a pilot parked after a failed step at that step (by a consultant's
 * retry, or by itself at the recovery wait's deadline). The risk is cleared
 * first: if the step fails again, that is a new failure and is told again.
 * False if the pilot was not parked on a failed step.
 */
export const retryFailedStep = async (ctx: ServiceContext, pilotId: string, resumedBy: 'deadline' | 'consultant', actor: Actor): Promise<boolean> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== STEP_RETRY_WAIT) return false;
  await changePilot(ctx, pilotId, {
    risks: { clear: ['step-failed'] },
    remove: ['stepFailure'],
    audit: { actor, action: 'workflow.step-retried', details: { step: pilot.stepFailure?.step ?? '', by: resumedBy } },
  });
  return (await resumeWait(ctx, pilotId, waitingFor(STEP_RETRY_WAIT), { action: 'retry', resumedBy }, actor)) !== 'none';
};

/**
 * The renewal wake-up: the execution has been parked for most of a year.
 * Its token is taken without ending the wait, and it is resumed with
 * `renew`: it starts its successor at the same wait and ends. Stale if the
 * execution has moved on (resumed, or renewed already).
 */
export const renewExecution = async (ctx: ServiceContext, pilotId: string, execution: string): Promise<'renewed' | 'stale'> => {
  const released = await releaseToken(ctx, pilotId, execution);
  if (!released?.token) return 'stale';
  await transact(ctx, [auditPut(ctx, pilotId, { actor: SYSTEM_ACTOR, action: 'workflow.renewed', details: { waitingFor: released.for, execution } })]);
  try {
    await ctx.ports.workflow.sendTaskSuccess(released.token, { action: 'renew', resumedBy: 'renewal' } satisfies ResumeOutput);
  } catch (error) {
    // Timed out and parked again meanwhile: that park renews it (its renewal wake-up is due already).
    if (!(error instanceof TaskTokenInvalidError)) throw error;
    logger.warn('token no longer valid when renewing', { pilotId, execution });
  }
  return 'renewed';
};
