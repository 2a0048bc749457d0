import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { revokeVoucher } from '../services/vouchers/revoke.js';
import { participantPath } from './params.js';

/** DELETE /pilots/{pilotId}/participants/{participantId}/voucher: take back an unused code (it returns to the pool). */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  return ok(await revokeVoucher(store, pilotId, participantId, actor));
});
