import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { getParticipant } from '../store/participants.js';
import { participantPath } from './params.js';

/** GET /pilots/{pilotId}/participants/{participantId}. */
export const handler = apiHandler('read', async (event, { store }) => {
  const { pilotId, participantId } = participantPath(event);
  return ok(await getParticipant(store, pilotId, participantId));
});
