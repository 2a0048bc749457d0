import { randomBytes } from 'node:crypto';
import { addDays, dateInCopenhagen } from '../domain/calendar.js';
import { deadlineOf, decisionLastDay, PHASE_WAIT, phaseApplies, STEP_RETRY_DAYS, STEP_RETRY_WAIT, type WaitingPhase } from '../domain/lifecycle.js';
import { SYSTEM_ACTOR } from '../store/audit.js';
import type { ServiceContext } from './context.js';
import { ExecutionExistsError } from '../ports/workflow.js';
import type { StoreContext } from '../store/client.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { enterStepRetryWait, getPilotAndWait, getWait, scheduleName, type Wait } from '../store/waits.js';
import { cancelNotices } from './notices.js';
import { closeRecruitmentIfFull } from './pilot-control.js';
import { consultantRecipients, managementRecipients, sendEscalation, sendStepFailure } from './pilot-mails.js';
import { createWait, type StepResult } from './waiting.js';

// The steps the state machine runs between its waits. Each is idempotent:
// Step Functions may run a step again (a Lambda retry), and the local engine
// replays executions after a restart; doing a step twice must not double
// its effect (a second audit entry, a second escalation).

/**
 * Enters a phase: records it on the pilot (and in the audit trail) and
 * creates the wait the phase parks on. A phase that does not apply to this
 * pilot (certification for a diploma course) is skipped.
 */
export const enterPhase = async (ctx: ServiceContext, pilotId: string, phase: WaitingPhase): Promise<StepResult> => {
  // The pilot and its pending wait in one read.
  const { pilot, wait: existing } = await getPilotAndWait(ctx, pilotId);
  if (!phaseApplies(pilot, phase)) return { skip: true, wait: null };
  // The work that grows with the cohort (voucher codes, invitations) follows in batch tasks of its own.
  const wait = await createWait(ctx, pilot, PHASE_WAIT[phase], { existing });
  // Full before recruitment began (enrolled as a draft): it ends at once; the queued resume fires when the wait parks.
  if (phase === 'recruitment') await closeRecruitmentIfFull(ctx, pilotId);
  return { skip: false, wait };
};

/** Recruitment has ended: is the cohort big enough to run the course? */
export const checkCohort = async (ctx: StoreContext, pilotId: string): Promise<{ viable: boolean }> => {
  const pilot = await getPilot(ctx, pilotId);
  return { viable: pilot.placesTaken >= pilot.minimumCohort };
};

/**
 * Too few enrolled when recruitment ended: the pilot is at risk. The risk is
 * raised once (management is told once), and the consultant gets until the
 * decision deadline to extend recruitment or close; then it closes.
 */
export const escalateRecruitment = async (ctx: ServiceContext, pilotId: string): Promise<StepResult> => {
  const pilot = await getPilot(ctx, pilotId);
  const existing = await getWait(ctx, pilotId);
  if (existing?.for === 'recruitment-decision') return { skip: false, wait: existing };

  const decideBy = decisionLastDay(dateInCopenhagen(ctx.clock.now()));
  const risk = 'recruitment-under-minimum';
  const alreadyRaised = pilot.risks?.[risk] !== undefined;
  await changePilot(ctx, pilotId, {
    set: { recruitmentDecisionBy: decideBy },
    risks: { raise: { [risk]: { enrolled: pilot.placesTaken, minimum: pilot.minimumCohort } } },
    audit: {
      actor: SYSTEM_ACTOR,
      action: 'pilot.escalated',
      details: { risk, enrolled: pilot.placesTaken, minimum: pilot.minimumCohort, decideBy, repeated: alreadyRaised },
    },
  });
  const wait = await createWait(ctx, { ...pilot, recruitmentDecisionBy: decideBy }, 'recruitment-decision');
  // Once per risk: an extension that again falls short does not e-mail management again.
  await sendEscalation(
    ctx,
    pilot,
    risk,
    { enrolled: pilot.placesTaken, minimum: pilot.minimumCohort },
    [...managementRecipients(pilot), ...consultantRecipients(pilot)],
    decideBy,
  );
  return { skip: false, wait };
};

/** The last step: the pilot is closed. */
export const closeLifecycle = async (ctx: ServiceContext, pilotId: string): Promise<{ closed: boolean }> => {
  await cancelNotices(ctx, pilotId);
  await changePilot(ctx, pilotId, {
    set: { status: 'closed', phase: 'closed', closedAt: ctx.clock.now().toISOString() },
    remove: ['waitingFor', 'nextDeadline', 'pausedAt', 'pauseReason', 'closeRequested'],
    condition: { statusIsNot: 'closed' },
    audit: { actor: SYSTEM_ACTOR, action: 'pilot.closed' },
  });
  return { closed: true };
};

/**
 * A step failed for good (its retries spent): the recovery path. The pilot
 * gets the risk `step-failed` with the step's and the error's names (never a
 * message: it could carry personal data), the consultant and the operators
 * are told once, and the recovery wait replaces whatever wait the pilot had
 * (the failed task's token is dead). Idempotent: run again, it finds its
 * wait and only makes sure the e-mail went.
 */
export const recordStepFailure = async (ctx: ServiceContext, pilotId: string, step: string, error: string): Promise<StepResult> => {
  const pilot = await getPilot(ctx, pilotId);
  const existing = await getWait(ctx, pilotId);
  if (existing?.for === STEP_RETRY_WAIT && pilot.stepFailure) {
    await sendStepFailure(ctx, pilot, pilot.stepFailure);
    return { skip: false, wait: existing };
  }
  // A parked wait's wake-up would resume a token that no longer exists.
  if (existing) await ctx.ports.scheduler.cancel(scheduleName(pilotId, existing));

  const now = ctx.clock.now();
  const retryBy = addDays(dateInCopenhagen(now), STEP_RETRY_DAYS);
  const failure = { step, error, at: now.toISOString(), retryBy };
  const deadline = deadlineOf({ ...pilot, stepFailure: failure }, STEP_RETRY_WAIT);
  const wait: Wait = { waitId: randomBytes(4).toString('hex'), for: STEP_RETRY_WAIT, phase: pilot.phase ?? 'recruitment', deadline, scheduleVersion: 1 };
  const risk = 'step-failed';
  await enterStepRetryWait(ctx, pilotId, wait, failure, { name: risk, details: { step, error } });
  await sendStepFailure(ctx, pilot, failure);
  return { skip: false, wait };
};

/**
 * The execution has lived most of a year (a Standard execution ends after
 * one): it starts its successor with the pilot's state, to go on at
 * `state.resumeAt`, and ends. Successors are named `<pilotId>-g<n>`, so a
 * name is never used twice; starting one that already runs (this step run
 * again) returns it. The pilot records its current execution, so `start`
 * still finds the one execution it has.
 */
export const continueInSuccessor = async (ctx: ServiceContext, pilotId: string, state: Record<string, unknown>): Promise<{ continued: string }> => {
  // What the wait was resumed with and a timeout's error belong to this execution only.
  const { resume: _resume, timedOut: _timedOut, continued: _continued, ...carried } = state;
  const generation = (typeof carried.generation === 'number' ? carried.generation : 0) + 1;
  const name = successorName(pilotId, generation);
  let executionId: string;
  try {
    ({ executionId } = await ctx.ports.workflow.start(name, { ...carried, generation }));
  } catch (error) {
    // The successor ran and ended already (this step replayed long after): nothing to start.
    if (!(error instanceof ExecutionExistsError)) throw error;
    return { continued: name };
  }
  await changePilot(ctx, pilotId, {
    set: { execution: { name, id: executionId, generation } },
    condition: { executionGenerationBelow: generation },
    audit: { actor: SYSTEM_ACTOR, action: 'workflow.continued', details: { execution: name, generation, at: String(carried.resumeAt ?? '') } },
  });
  return { continued: name };
};

/** The n-th successor's execution name (the first execution is named by the pilot id alone). */
export const successorName = (pilotId: string, generation: number) => `${pilotId}-g${generation}`;
