import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { getPilot } from '../store/pilots.js';
import { participantsOfPilot } from '../store/participants.js';
import { participantsQuery, pilotPath } from './params.js';
import { withCodeFor } from '../domain/vouchers.js';
import { withFollowUpStatus } from '../domain/lifecycle.js';

/** GET /pilots/{pilotId}/participants?status=&certified=&limit=&cursor=: participants in enrolment order. */
export const handler = apiHandler('read', async (event, { store, personalData, accessed, pilot: checked }) => {
  const { pilotId } = pilotPath(event);
  const { status, certified, ...page } = participantsQuery(event);
  // 404 for an unknown pilot rather than an empty list: the access check read it already, or it is read here.
  const pilot = checked ?? (await getPilot(store, pilotId));
  const result = await participantsOfPilot(store, pilotId, { status, certified }, page);
  accessed(result.items.map((p) => p.id));
  // Voucher codes are money: in full only for those who see the pilot's personal data (the route is theirs alone).
  return reply('GET /pilots/{pilotId}/participants', 200, {
    ...result,
    items: result.items.map((p) => withFollowUpStatus(pilot, withCodeFor(p, personalData))),
  });
});
