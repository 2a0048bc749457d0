import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { voucherOverview } from '../services/vouchers.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/vouchers: the pool, assignments and usage. Codes in full for consultants, masked for management. */
export const handler = apiHandler('read', async (event, { store, actor }) =>
  reply('GET /pilots/{pilotId}/vouchers', 200, await voucherOverview(store, pilotPath(event).pilotId, actor.roles.includes('consultant'))),
);
