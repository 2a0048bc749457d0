import type { PilotDates, PilotUpdate } from '../contracts/pilots.js';
import { addDays, dateInCopenhagen, daysBetween } from '../domain/calendar.js';
import { ConflictError } from '../domain/errors.js';
import { ALL_WAITS, STEP_RETRY_WAIT } from '../domain/lifecycle.js';
import type { ComparisonGroupCounts } from '../domain/comparison.js';
import { PilotInputSchema, type Pilot, type PilotInput } from '../domain/pilot.js';
import { parseInput } from '../domain/validation.js';
import type { ServiceContext } from './context.js';
import { ExecutionExistsError } from '../ports/workflow.js';
import { SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { cancelWakeUp, reschedulePendingWait, resumeWait, retryFailedStep, waitingFor } from './waiting.js';

// What a consultant does to a running pilot: start, pause, resume, close,
// move its dates, extend recruitment. Each change is conditional on the
// pilot's status, so two racing requests cannot both apply.

/** Starts the pilot's workflow: one execution, named by the pilot id. Starting twice returns the running one. */
export const startPilot = async (ctx: ServiceContext, pilotId: string, actor: Actor, read?: Pilot) => {
  // `read`: the pilot as the request read it for its access check, not read again.
  const pilot = read ?? (await getPilot(ctx, pilotId));
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed; a closed pilot cannot start again');
  if (pilot.status === 'draft') {
    await changePilot(ctx, pilotId, {
      set: { status: 'running', phase: 'recruitment', startedAt: ctx.clock.now().toISOString() },
      condition: { status: 'draft' },
      audit: { actor, action: 'pilot.started' },
    });
  }
  // Renewed before its year was up, the pilot runs in a successor: that is its one execution.
  if (pilot.status !== 'draft' && pilot.execution) return { pilotId, executionId: pilot.execution.id, alreadyRunning: true };
  try {
    const execution = await ctx.ports.workflow.start(pilotId, { pilotId });
    return { pilotId, executionId: execution.executionId, alreadyRunning: pilot.status !== 'draft' || execution.alreadyRunning };
  } catch (error) {
    if (error instanceof ExecutionExistsError) throw new ConflictError('already-run', 'this pilot has run its course already', { cause: error });
    throw error;
  }
};

/** Pauses a running pilot: its deadlines are frozen (the pending wake-up is cancelled) until it is resumed. */
export const pausePilot = async (ctx: ServiceContext, pilotId: string, reason: string, actor: Actor): Promise<Pilot> => {
  const ok = await changePilot(ctx, pilotId, {
    set: { status: 'paused', pausedAt: ctx.clock.now().toISOString(), pauseReason: reason },
    condition: { status: 'running' },
    audit: { actor, action: 'pilot.paused', details: { reason } },
  });
  if (!ok) {
    const { status } = await getPilot(ctx, pilotId);
    throw new ConflictError('not-running', `only a running pilot can be paused; this one is ${status}`, { details: { status } });
  }
  await cancelWakeUp(ctx, pilotId);
  return getPilot(ctx, pilotId);
};

/**
 * Resumes a paused pilot. Without new dates, every date still ahead when it
 * was paused moves by the length of the pause (whole days); with new dates,
 * those are used instead. The pending wait's deadline and wake-up follow.
 */
export const resumePilot = async (ctx: ServiceContext, pilotId: string, dates: PilotDates | undefined, actor: Actor): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status !== 'paused' || !pilot.pausedAt)
    throw new ConflictError('not-paused', `only a paused pilot can be resumed; this one is ${pilot.status}`, { details: { status: pilot.status } });
  const pausedOn = dateInCopenhagen(new Date(pilot.pausedAt));
  const shift = daysBetween(pausedOn, dateInCopenhagen(ctx.clock.now()));
  const plan = dates ? mergeDates(pilot, dates) : shiftDates(pilot, pausedOn, shift);
  const ok = await changePilot(ctx, pilotId, {
    set: { status: 'running', ...plan },
    remove: ['pausedAt', 'pauseReason'],
    condition: { status: 'paused', pausedAt: pilot.pausedAt },
    audit: { actor, action: 'pilot.resumed', details: dates ? { newDates: dates } : { shiftedByDays: shift } },
  });
  if (!ok) throw new ConflictError('changed-meanwhile', 'the pilot changed meanwhile; reload and retry');
  const resumed = await getPilot(ctx, pilotId);
  await reschedulePendingWait(ctx, resumed);
  return getPilot(ctx, pilotId);
};

/**
 * Moves dates of a pilot and names its comparison (PATCH); a pending wake-up
 * whose deadline depends on the dates is re-scheduled. The comparison may
 * change until the pilot is evaluated: the outcome keeps the one it was
 * evaluated against.
 */
export const updatePilot = async (ctx: ServiceContext, pilotId: string, update: PilotUpdate, actor: Actor): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed');
  if (update.comparison !== undefined && pilot.personalDataDeletedAfter) {
    throw new ConflictError('already-evaluated', 'the pilot has been evaluated against its comparison already');
  }
  const { comparison, ...dates } = update;
  const movesDates = Object.keys(dates).length > 0;
  const ok = await changePilot(ctx, pilotId, {
    set: { ...mergeDates(pilot, dates), ...(comparison ? { comparison } : {}) },
    ...(comparison === null ? { remove: ['comparison'] } : {}),
    condition: { unchangedSince: pilot.updatedAt },
    // The comparison's source and period are a consultant's own words about a statistic, not about a person.
    audit: movesDates
      ? { actor, action: 'pilot.dates-moved', details: { dates, ...(comparison !== undefined ? { comparison } : {}) } }
      : { actor, action: 'pilot.comparison-set', details: { comparison: comparison ?? null } },
  });
  if (!ok) throw new ConflictError('changed-meanwhile', 'the pilot changed meanwhile; reload and retry');
  const moved = await getPilot(ctx, pilotId);
  await reschedulePendingWait(ctx, moved);
  return getPilot(ctx, pilotId);
};

/**
 * Closes the pilot from any phase. A draft closes at once; a running or
 * paused pilot's execution is resumed with "close" (or, between two waits,
 * the close is recorded and the next wait takes it), evaluates what it has,
 * cancels its wake-up and ends.
 */
export const closePilot = async (ctx: ServiceContext, pilotId: string, reason: string, actor: Actor): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status === 'closed') throw new ConflictError('already-closed', 'the pilot is closed already');
  if (pilot.status === 'draft') {
    const ok = await changePilot(ctx, pilotId, {
      set: { status: 'closed', phase: 'closed', closedAt: ctx.clock.now().toISOString() },
      condition: { status: 'draft' },
      audit: { actor, action: 'pilot.closed', details: { reason, before: 'start' } },
    });
    if (!ok) throw new ConflictError('changed-meanwhile', 'the pilot changed meanwhile; reload and retry');
    return getPilot(ctx, pilotId);
  }
  await changePilot(ctx, pilotId, {
    set: { closeRequested: { reason, at: ctx.clock.now().toISOString() } },
    condition: { notSet: 'closeRequested' },
    audit: { actor, action: 'pilot.close-requested', details: { reason } },
  });
  await resumeWait(ctx, pilotId, waitingFor(...ALL_WAITS), { action: 'close', resumedBy: 'consultant', reason }, actor);
  return getPilot(ctx, pilotId);
};

/** Under the minimum cohort: the consultant gives recruitment a new end date, and it reopens. */
export const extendRecruitment = async (ctx: ServiceContext, pilotId: string, closes: string, actor: Actor): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== 'recruitment-decision') {
    throw new ConflictError('not-waiting', 'the pilot is not waiting for a recruitment decision; to move an end date, PATCH the pilot');
  }
  const today = dateInCopenhagen(ctx.clock.now());
  if (closes < today)
    throw new ConflictError('date-in-past', `the new end date ${closes} is in the past (today is ${today})`, { details: { date: closes, today } });
  const merged = mergeDates(pilot, { recruitment: { closes } });
  await changePilot(ctx, pilotId, { set: merged, audit: { actor, action: 'recruitment.extended', details: { closes } } });
  const outcome = await resumeWait(ctx, pilotId, waitingFor('recruitment-decision'), { action: 'extend', resumedBy: 'consultant', closes }, actor);
  if (outcome === 'none') throw new ConflictError('decision-taken', 'the recruitment decision was taken meanwhile (closed, or its deadline passed)');
  return getPilot(ctx, pilotId);
};

/** Applies moved dates to the pilot and checks the result as a whole (dates must still follow each other). */
const mergeDates = (pilot: Pilot, dates: PilotDates): Pick<PilotInput, 'recruitment' | 'course' | 'matchEvent' | 'followUpMonths'> => {
  if (dates.matchEvent && !pilot.matchEvent) throw new ConflictError('no-match-event', 'this pilot has no match event to move');
  const merged = {
    recruitment: { ...pilot.recruitment, ...dates.recruitment },
    course: { ...pilot.course, ...dates.course },
    ...(pilot.matchEvent ? { matchEvent: { ...pilot.matchEvent, ...dates.matchEvent } } : {}),
    followUpMonths: dates.followUpMonths ?? pilot.followUpMonths,
  };
  const { id, status, placesTaken, counts, createdAt, createdBy, updatedAt, ...rest } = pilot;
  const input = Object.fromEntries(Object.entries({ ...rest, ...merged }).filter(([k]) => k in PilotInputSchema.shape));
  parseInput(PilotInputSchema, input);
  return merged;
};

/**
 * Every stored date on or after the pause day moves by `days`; the pause is
 * recorded so that the days derived from dates already past (the end of a
 * course paused in its middle, a default exam deadline, the internships'
 * end, the follow-up day and its window) move too (lifecycle.ts `stretch`).
 */
const shiftDates = (pilot: Pilot, pausedOn: string, days: number) => {
  const shift = (date: string) => (date >= pausedOn ? addDays(date, days) : date);
  const examDeadline = pilot.certification.examDeadline;
  return {
    recruitment: { opens: shift(pilot.recruitment.opens), closes: shift(pilot.recruitment.closes) },
    course: { ...pilot.course, start: shift(pilot.course.start) },
    certification: { ...pilot.certification, ...(examDeadline ? { examDeadline: shift(examDeadline) } : {}) },
    ...(pilot.matchEvent
      ? { matchEvent: { ...pilot.matchEvent, date: shift(pilot.matchEvent.date), responseDeadline: shift(pilot.matchEvent.responseDeadline) } }
      : {}),
    ...(pilot.recruitmentDecisionBy ? { recruitmentDecisionBy: shift(pilot.recruitmentDecisionBy) } : {}),
    ...(pilot.matchDecisionBy ? { matchDecisionBy: shift(pilot.matchDecisionBy) } : {}),
    // Targets to reach by a date are deadlines too: a pause moves those still ahead.
    milestones: pilot.milestones.map((m) => ({ ...m, by: shift(m.by) })),
    // A report point given as a date moves like them; quarter and midway follow the plan (domain/reports.ts).
    ...(pilot.reports ? { reports: pilot.reports.map((r) => (r.at === 'quarter' || r.at === 'midway' ? r : { at: shift(r.at) })) } : {}),
    ...(days > 0 ? { pauses: [...(pilot.pauses ?? []), { on: pausedOn, days }] } : {}),
  };
};

/** After enrolments: a pilot that became full ends its recruitment early. */
export const closeRecruitmentIfFull = async (ctx: ServiceContext, pilotId: string): Promise<void> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status !== 'running' || pilot.waitingFor !== 'recruitment-end' || pilot.placesTaken < pilot.capacity) return;
  await resumeWait(ctx, pilotId, waitingFor('recruitment-end'), { action: 'continue', resumedBy: 'event', event: 'full' }, SYSTEM_ACTOR);
};

/**
 * POST /pilots/{id}/retry: a pilot parked after a failed step goes on at
 * that step (the fault fixed). The step is idempotent like every other, so
 * a retry of a half-done step doubles nothing.
 */
export const retryPilot = async (ctx: ServiceContext, pilotId: string, actor: Actor): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== STEP_RETRY_WAIT) {
    throw new ConflictError(
      'no-failed-step',
      `the pilot is not held by a failed step; it is ${pilot.status}${pilot.waitingFor ? `, waiting for ${pilot.waitingFor}` : ''}`,
      {
        details: { status: pilot.status, waitingFor: pilot.waitingFor },
      },
    );
  }
  if (pilot.status !== 'running')
    throw new ConflictError('not-running', `only a running pilot can retry its failed step; this one is ${pilot.status}`, {
      details: { status: pilot.status },
    });
  if (!(await retryFailedStep(ctx, pilotId, 'consultant', actor)))
    throw new ConflictError('changed-meanwhile', 'the failed step was retried or closed meanwhile');
  return getPilot(ctx, pilotId);
};

/**
 * Records the comparison group's counts at follow-up (eligible citizens who
 * did not take part, and how many of them are in ordinary employment); a
 * second recording corrects the first. Only for a pilot whose comparison is a
 * group, and only until it is evaluated.
 */
export const recordComparisonGroup = async (ctx: StoreContext, pilotId: string, counts: ComparisonGroupCounts, actor: Actor): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.comparison?.kind !== 'group')
    throw new ConflictError('no-comparison-group', 'the pilot names no comparison group; set comparison.kind "group" first (PATCH /pilots/{id})');
  if (pilot.status === 'draft') throw new ConflictError('not-started', 'the pilot has not started; a comparison group is counted at follow-up');
  if (pilot.status === 'closed' || pilot.personalDataDeletedAfter)
    throw new ConflictError('already-evaluated', 'the pilot has been evaluated; its outcome is final');
  const ok = await changePilot(ctx, pilotId, {
    // Who recorded them is in the audit trail, not on the pilot, which readers outside the team see as figures.
    set: { comparisonGroup: { ...counts, recordedAt: ctx.clock.now().toISOString() } },
    condition: { unchangedSince: pilot.updatedAt },
    audit: { actor, action: 'pilot.comparison-group-recorded', details: { ...counts } },
  });
  if (!ok) throw new ConflictError('changed-meanwhile', 'the pilot changed meanwhile; reload and retry');
  return getPilot(ctx, pilotId);
};
