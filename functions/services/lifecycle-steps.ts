import { dateInCopenhagen } from '../domain/calendar.js';
import { decisionLastDay, PHASE_WAIT, phaseApplies, type WaitingPhase } from '../domain/lifecycle.js';
import { SYSTEM_ACTOR } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { getWait } from '../store/waits.js';
import { cancelNotices } from './notices.js';
import { assignVouchers } from './vouchers.js';
import { closeRecruitmentIfFull } from './pilot-control.js';
import { consultantRecipients, managementRecipients, sendEscalation } from './pilot-mails.js';
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
