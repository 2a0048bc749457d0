import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { getPilot } from '../store/pilots.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}: the pilot with its participant counts by status. */
export const handler = apiHandler('read', async (event, { store }) => ok(await getPilot(store, pilotPath(event).pilotId)));
