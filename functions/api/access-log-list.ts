import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { accessLogOfPilot } from '../store/access-log.js';
import { getPilot } from '../store/pilots.js';
import { accessLogQuery, pilotPath } from './params.js';

/** GET /pilots/{pilotId}/access-log?participantId=&limit=&cursor=: who read whose personal data, newest first. */
export const handler = apiHandler('write', async (event, { store }) => {
  const { pilotId } = pilotPath(event);
  const { participantId, ...page } = accessLogQuery(event);
  await getPilot(store, pilotId); // 404 for an unknown pilot rather than an empty log
  return ok(await accessLogOfPilot(store, pilotId, { participantId }, page));
});
