import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { accessLogOfPilot } from '../store/access-log.js';
import { accessLogQuery, pilotPath } from './params.js';

/** GET /pilots/{pilotId}/access-log?participantId=&limit=&cursor=: who read whose personal data, newest first. */
export const handler = apiHandler('read', async (event, { store }) => {
  // The API's wrapper has read the pilot (404 for an unknown one) and let only its team and admins through.
  const { pilotId } = pilotPath(event);
  const { participantId, ...page } = accessLogQuery(event);
  return reply('GET /pilots/{pilotId}/access-log', 200, await accessLogOfPilot(store, pilotId, { participantId }, page));
});
