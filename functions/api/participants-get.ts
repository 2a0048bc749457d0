import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { getParticipant } from '../store/participants.js';
import { participantPath } from './params.js';
import { withCodeFor } from '../domain/vouchers.js';
import { withFollowUpStatus } from '../domain/lifecycle.js';
import { getPilot } from '../store/pilots.js';

/** GET /pilots/{pilotId}/participants/{participantId}. */
export const handler = apiHandler('read', async (event, { store, personalData, accessed, pilot: checked }) => {
  const { pilotId, participantId } = participantPath(event);
  // The pilot as the access check read it; read here only where no check did.
  const [pilot, participant] = await Promise.all([checked ?? getPilot(store, pilotId), getParticipant(store, pilotId, participantId)]);
  accessed([participant.id]);
  return reply('GET /pilots/{pilotId}/participants/{participantId}', 200, withFollowUpStatus(pilot, withCodeFor(participant, personalData)));
});
