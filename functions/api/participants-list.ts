import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { getPilot } from '../store/pilots.js';
import { participantsOfPilot } from '../store/participants.js';
import { participantsQuery, pilotPath } from './params.js';

/** GET /pilots/{pilotId}/participants?status=&limit=&cursor=: participants in enrolment order. */
export const handler = apiHandler('read', async (event, { store }) => {
  const { pilotId } = pilotPath(event);
  const { status, ...page } = participantsQuery(event);
  await getPilot(store, pilotId); // 404 for an unknown pilot rather than an empty list
  return ok(await participantsOfPilot(store, pilotId, { status }, page));
});
