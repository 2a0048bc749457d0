import { dateInCopenhagen } from '../domain/calendar.js';
import { isRecruiting } from '../domain/pilot.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { planOf } from '../domain/lifecycle.js';
import { getPilot } from '../store/pilots.js';
import { pilotPath } from './params.js';

/**
 * GET /pilots/{pilotId}: the pilot with its participant counts by status,
 * whether it takes enrolments today by the product's clock (so a page need
 * not judge recruitment's dates by its own clock), and its plan (each
 * phase's last day, after pauses).
 */
export const handler = apiHandler('read', async (event, { store }) => {
  const pilot = await getPilot(store, pilotPath(event).pilotId);
  return reply('GET /pilots/{pilotId}', 200, { ...pilot, enrolmentOpen: isRecruiting(pilot, dateInCopenhagen(store.clock.now())), plan: planOf(pilot) });
});
