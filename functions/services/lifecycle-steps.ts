import { randomBytes } from 'node:crypto';
import { dateInCopenhagen } from '../domain/calendar.js';
import {
  deadlineOf,
  decisionLastDay,
  PHASE_WAIT,
  phaseApplies,
  WAITS,
  type WaitFor,
  type WaitingPhase,
} from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { auditPut, SYSTEM_ACTOR } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { key } from '../store/table.js';
import { getWait, type Wait } from '../store/waits.js';
import { cancelNotices, scheduleNotices } from './notices.js';
import { assignVouchers } from './vouchers.js';
import { closeRecruitmentIfFull } from './pilot-control.js';
import { consultantRecipients, managementRecipients, sendEscalation } from './pilot-mails.js';
import { transact } from '../store/transact.js';

// The steps the state machine runs between its waits. Each is idempotent:
// Step Functions may run a step again (a Lambda retry), and the local engine
// replays executions after a restart; doing a step twice must not double
// its effect (a second audit entry, a second escalation).

export interface StepResult {
  skip: boolean;
  wait: Omit<Wait, 'token' | 'earlyResume' | 'scheduleVersion'> & { scheduleVersion: number } | null;
}

/**
 * Enters a phase: records it on the pilot (and in the audit trail) and
 * creates the wait the phase parks on. A phase that does not apply to this
 * pilot (certification for a diploma course) is skipped.
 */
export const enterPhase = async (ctx: StoreContext, pilotId: string, phase: WaitingPhase): Promise<StepResult> => {
  const pilot = await getPilot(ctx, pilotId);
  if (!phaseApplies(pilot, phase)) return { skip: true, wait: null };
  // The course has ended: hand out the voucher codes (idempotent: a second run finds them given).
  if (phase === 'certification') await assignVouchers(ctx, pilotId);
  const wait = await createWait(ctx, pilot, PHASE_WAIT[phase]);
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
export const escalateRecruitment = async (ctx: StoreContext, pilotId: string): Promise<StepResult> => {
  const pilot = await getPilot(ctx, pilotId);
  const existing = await getWait(ctx, pilotId);
  if (existing?.for === 'recruitment-decision') return { skip: false, wait: existing };

  const decideBy = decisionLastDay(dateInCopenhagen(ctx.clock.now()));
  const risk = 'recruitment-under-minimum';
  const alreadyRaised = pilot.risks?.[risk] !== undefined;
  await changePilot(ctx, pilotId, {
    set: {
      recruitmentDecisionBy: decideBy,
      ...(alreadyRaised
        ? {}
        : { risks: { ...pilot.risks, [risk]: { at: ctx.clock.now().toISOString(), details: { enrolled: pilot.placesTaken, minimum: pilot.minimumCohort } } } }),
    },
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

/**
 * Creates the pending wait and shows it on the pilot, with the audit entry,
 * in one transaction. If this wait already exists (the step ran before), it
 * is returned as it is. A close asked for meanwhile is queued on it.
 */
export const createWait = async (ctx: StoreContext, pilot: Pilot, waitFor: WaitFor): Promise<StepResult['wait']> => {
  const existing = await getWait(ctx, pilot.id);
  if (existing?.for === waitFor) return existing;

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
  const result = await transact(ctx, [
    {
      // Replaces a wait left from an earlier phase only if it was never parked (no token to lose).
      Put: {
        TableName: ctx.tableName,
        Item: { ...key.wait(pilot.id), entity: 'wait', ...wait },
        ConditionExpression: 'attribute_not_exists(PK) OR attribute_not_exists(#token)',
        ExpressionAttributeNames: { '#token': 'token' },
      },
    },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilot.id),
        UpdateExpression: 'SET phase = :phase, waitingFor = :for, nextDeadline = :deadline, updatedAt = :now',
        ExpressionAttributeValues: { ':phase': wait.phase, ':for': waitFor, ':deadline': deadline, ':now': now.toISOString() },
      },
    },
    auditPut(ctx, pilot.id, { actor: SYSTEM_ACTOR, action: 'phase.entered', details: { phase: wait.phase, waitingFor: waitFor, deadline } }),
  ]);
  if (!result.committed) {
    const current = await getWait(ctx, pilot.id);
    if (current?.for === waitFor) return current;
    throw new Error(`pilot ${pilot.id} still has a parked wait for ${current?.for}`);
  }
  await scheduleNotices(pilot, waitFor);
  return wait;
};

/** The last step: the pilot is closed. */
export const closeLifecycle = async (ctx: StoreContext, pilotId: string): Promise<{ closed: boolean }> => {
  await cancelNotices(pilotId);
  await changePilot(ctx, pilotId, {
    set: { status: 'closed', phase: 'closed', closedAt: ctx.clock.now().toISOString() },
    remove: ['waitingFor', 'nextDeadline', 'pausedAt', 'pauseReason', 'closeRequested'],
    condition: { expression: '#status <> :closed', names: { '#status': 'status' }, values: { ':closed': 'closed' } },
    audit: { actor: SYSTEM_ACTOR, action: 'pilot.closed' },
  });
  return { closed: true };
};
