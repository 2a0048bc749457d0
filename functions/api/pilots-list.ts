import { pilotFigures } from '../domain/access.js';
import type { Pilot } from '../domain/pilot.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { listPilots } from '../store/pilots.js';
import { pilotsQuery } from './params.js';

/** GET /pilots?status=&risk=&limit=&cursor=: pilots, newest first; those whose personal data the caller may not see, as figures. */
export const handler = apiHandler(
  'read',
  async (event, { store }) => {
    const { status, risk, ...page } = pilotsQuery(event);
    return reply('GET /pilots', 200, await listPilots(store, { status, risk }, page));
  },
  (body: { items: Pilot[] }, sees) => ({ ...body, items: body.items.map((pilot) => (sees(pilot) ? pilot : pilotFigures(pilot))) }),
);
