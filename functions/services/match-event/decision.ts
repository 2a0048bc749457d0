import { dateInCopenhagen } from '../../domain/calendar.js';
import { ConflictError, DateBeforeDeadlineError, NotWaitingForDecisionError } from '../../domain/errors.js';
import { decisionLastDay } from '../../domain/lifecycle.js';
import type { Pilot } from '../../domain/pilot.js';
import { SYSTEM_ACTOR, type Actor } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { changePilot, getPilot } from '../../store/pilots.js';
import { createWait, resumeWait, waitingFor, type StepResult } from '../waiting.js';
import { consultantRecipients, managementRecipients, sendEscalation } from '../pilot-mails.js';

// No company confirmed a slot: the escalation, and the consultant's answer.

/**
 * No company confirmed a slot by the deadline (the SMV Digital case): the
 * risk is raised once, management and the consultant are told, and the
 * consultant has DECISION_DAYS to extend the deadline or close; then the
 * pilot closes by itself.
 */
export const escalateMatch = async (ctx: ServiceContext, pilotId: string): Promise<StepResult> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor === 'match-decision') return { skip: false, wait: await createWait(ctx, pilot, 'match-decision') };
  const decideBy = decisionLastDay(dateInCopenhagen(ctx.clock.now()));
  const risk = 'no-company-answer';
  const details = { invited: pilot.companiesInvited ?? 0, answered: pilot.companiesAnswered ?? 0 };
  await changePilot(ctx, pilotId, {
    set: { matchDecisionBy: decideBy },
    risks: { raise: { [risk]: details } },
    audit: { actor: SYSTEM_ACTOR, action: 'pilot.escalated', details: { risk, ...details, decideBy } },
  });
  const wait = await createWait(ctx, { ...pilot, matchDecisionBy: decideBy }, 'match-decision');
  await sendEscalation(ctx, pilot, risk, details, [...managementRecipients(pilot), ...consultantRecipients(pilot)], decideBy);
  return { skip: false, wait };
};

/**
 * The consultant's answer to the escalation: a new response deadline (and,
 * if need be, event date). The phase starts again: companies get a new
 * invitation with the new deadline, and reminders before it.
 */
export const extendMatchDeadline = async (
  ctx: ServiceContext,
  pilotId: string,
  input: { responseDeadline: string; date?: string | undefined },
  actor: Actor,
): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== 'match-decision' || !pilot.matchEvent) {
    throw new NotWaitingForDecisionError();
  }
  const today = dateInCopenhagen(ctx.clock.now());
  if (input.responseDeadline < today)
    throw new ConflictError('date-in-past', `the new response deadline ${input.responseDeadline} is in the past (today is ${today})`, {
      details: { date: input.responseDeadline, today },
    });
  const date = input.date ?? (pilot.matchEvent.date >= input.responseDeadline ? pilot.matchEvent.date : undefined);
  if (!date || date < input.responseDeadline) {
    throw new DateBeforeDeadlineError();
  }
  const matchEvent = { ...pilot.matchEvent, responseDeadline: input.responseDeadline, date };
  await changePilot(ctx, pilotId, {
    set: { matchEvent },
    remove: ['matchDecisionBy'],
    audit: { actor, action: 'match.deadline-extended', details: { responseDeadline: input.responseDeadline, date } },
  });
  const outcome = await resumeWait(
    ctx,
    pilotId,
    waitingFor('match-decision'),
    { action: 'extend', resumedBy: 'consultant', responseDeadline: input.responseDeadline },
    actor,
  );
  if (outcome === 'none') throw new ConflictError('decision-taken', 'the decision was taken meanwhile (closed, or its deadline passed)');
  return getPilot(ctx, pilotId);
};
