import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { voucherOverview } from '../services/vouchers/overview.js';
import { pilotPath } from './params.js';

type Overview = Awaited<ReturnType<typeof voucherOverview>>;

/**
 * GET /pilots/{pilotId}/vouchers: the pool, assignments and usage, codes in
 * full, for the pilot's team and admins. Anyone else gets the pool's counts,
 * when codes near their expiry, and how many wait: no codes, no participants.
 */
export const handler = apiHandler(
  'read',
  async (event, { store, personalData, accessed }) => {
    const overview = await voucherOverview(store, pilotPath(event).pilotId, personalData);
    accessed([...overview.assignments.map((a) => a.participantId!), ...overview.waiting]);
    return reply('GET /pilots/{pilotId}/vouchers', 200, overview);
  },
  ({ pilotId, pool, waiting }: Overview) => ({
    pilotId,
    pool: { ...pool, nearExpiry: pool.nearExpiry.map(({ expiresOn }) => ({ expiresOn })) },
    waitingCount: waiting.length,
  }),
);
