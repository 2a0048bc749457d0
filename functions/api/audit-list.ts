import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { auditTrailOfPilot } from '../store/audit.js';
import { getPilot } from '../store/pilots.js';
import { pageQuery, pilotPath } from './params.js';

/** GET /pilots/{pilotId}/audit?limit=&cursor=: the pilot's audit trail, oldest first. */
export const handler = apiHandler('read', async (event, { store }) => {
  const { pilotId } = pilotPath(event);
  await getPilot(store, pilotId);
  return reply('GET /pilots/{pilotId}/audit', 200, await auditTrailOfPilot(store, pilotId, pageQuery(event)));
});
