import { AnswersClosedError, ValidationError } from '../../domain/errors.js';
import { answersOpen } from '../../domain/company.js';
import type { Actor } from '../../store/audit.js';
import type { StoreContext } from '../../store/client.js';
import { invitationsOfPilot } from '../../store/invitations.js';
import { setParticipantMatchPreferences } from '../../store/participants.js';
import { getPilot } from '../../store/pilots.js';

// A candidate's wishes for the match event.

/** A candidate's wish list for the match event; only companies invited to the pilot, and only before the schedule is made. */
export const setMatchPreferences = async (ctx: StoreContext, pilotId: string, participantId: string, companyIds: string[], actor: Actor) => {
  const [pilot, invitations] = await Promise.all([getPilot(ctx, pilotId), invitationsOfPilot(ctx, pilotId)]);
  if (!answersOpen(pilot)) {
    throw new AnswersClosedError('the match event is already scheduled; preferences can no longer change it');
  }
  const invited = new Set(invitations.map((i) => i.companyId));
  const strangers = companyIds.map((id, i) => ({ id, i })).filter(({ id }) => !invited.has(id));
  if (strangers.length > 0) {
    throw new ValidationError(strangers.map(({ i }) => ({ path: `companyIds.${i}`, message: 'is not a company invited to this pilot', code: 'not_invited' })));
  }
  return setParticipantMatchPreferences(ctx, pilotId, participantId, companyIds, actor);
};
