import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { revokeVoucher } from '../services/vouchers/revoke.js';
import { participantPath } from './params.js';

/** DELETE /pilots/{pilotId}/participants/{participantId}/voucher: take back an unused code (it returns to the pool). */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  return reply('DELETE /pilots/{pilotId}/participants/{participantId}/voucher', 200, await revokeVoucher(store, pilotId, participantId, actor));
});
