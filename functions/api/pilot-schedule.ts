import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { invitationsOfPilot } from '../store/invitations.js';
import { meetingsOfPilot } from '../store/match-schedule.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/schedule: the match event's meetings, by start time (empty until the response deadline). */
export const handler = apiHandler('read', async (event, { store, accessed }) => {
  const { pilotId } = pilotPath(event);
  const [meetings, invitations] = await Promise.all([meetingsOfPilot(store, pilotId), invitationsOfPilot(store, pilotId)]);
  const names = new Map(invitations.map((i) => [i.companyId, i.companyName]));
  accessed(meetings.map((m) => m.participantId));
  return reply('GET /pilots/{pilotId}/schedule', 200, { items: meetings.map((m) => ({ ...m, companyName: names.get(m.companyId) ?? '' })) });
});
