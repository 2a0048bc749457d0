import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { voucherOverview } from '../services/vouchers.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/vouchers: the pool, assignments and usage. Codes in full for consultants, masked for management. */
export const handler = apiHandler('read', async (event, { store, actor, accessed }) => {
  const overview = await voucherOverview(store, pilotPath(event).pilotId, actor.roles.includes('consultant'));
  accessed([...overview.assignments.map((a) => a.participantId!), ...overview.waiting]);
  return ok(overview);
});
