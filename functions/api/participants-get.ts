import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { getParticipant } from '../store/participants.js';
import { participantPath } from './params.js';
import { withCodeFor } from '../domain/vouchers.js';

/** GET /pilots/{pilotId}/participants/{participantId}. */
export const handler = apiHandler('read', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  return ok(withCodeFor(await getParticipant(store, pilotId, participantId), actor.roles.includes('consultant')));
});
