import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { invitationsOfPilot } from '../store/invitations.js';
import { getPilot } from '../store/pilots.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/companies: the invited companies, their answers, and the event's totals. */
export const handler = apiHandler('read', async (event, { store, pilot: checked }) => {
  const { pilotId } = pilotPath(event);
  // The pilot as the access check read it; read here only where no check did.
  const [pilot, invitations] = await Promise.all([checked ?? getPilot(store, pilotId), invitationsOfPilot(store, pilotId)]);
  const capacity = pilot.matchEvent?.capacity ?? 0;
  const confirmedSlots = pilot.slotsConfirmed ?? 0;
  return reply('GET /pilots/{pilotId}/companies', 200, {
    items: invitations
      .sort((a, b) => a.companyName.localeCompare(b.companyName, 'da'))
      .map(
        ({ version, invitationSentFor, ...i }) => (
          void version,
          { ...i, name: i.companyName, ...(invitationSentFor ? { invitedFor: invitationSentFor } : {}) }
        ),
      ),
    totals: {
      capacity,
      invited: pilot.companiesInvited ?? 0,
      answered: pilot.companiesAnswered ?? 0,
      confirmedSlots,
      slotsLeft: Math.max(0, capacity - confirmedSlots),
    },
  });
});
