import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { eraseParticipant } from '../store/participants.js';
import { participantPath } from './params.js';

/** DELETE /pilots/{pilotId}/participants/{participantId}: erase the participant's personal data. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  await eraseParticipant(store, pilotId, participantId, actor);
  return reply('DELETE /pilots/{pilotId}/participants/{participantId}', 204, undefined);
});
