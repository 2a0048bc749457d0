import { apiHandler } from '../http/api-handler.js';
import type { InternshipRecord } from '../store/internships.js';
import { reply } from '../http/reply.js';
import { invitationsOfPilot } from '../store/invitations.js';
import { internshipsOfPilot } from '../store/internships.js';
import { pilotPath } from './params.js';

/**
 * GET /pilots/{pilotId}/internships: who has an offer and who started, with
 * which company. Outside the team: the offers without who has them.
 */
export const handler = apiHandler(
  'read',
  async (event, { store, accessed }) => {
    const { pilotId } = pilotPath(event);
    const [internships, invitations] = await Promise.all([internshipsOfPilot(store, pilotId), invitationsOfPilot(store, pilotId)]);
    const names = new Map(invitations.map((i) => [i.companyId, i.companyName]));
    accessed(internships.map((i) => i.participantId));
    return reply('GET /pilots/{pilotId}/internships', 200, {
      items: internships.sort((a, b) => a.code.localeCompare(b.code)).map((i) => ({ ...i, companyName: names.get(i.companyId) ?? '' })),
      totals: { offered: internships.length, started: internships.filter((i) => i.status === 'started').length },
    });
  },
  ({ items, totals }: { items: (InternshipRecord & { companyName: string })[]; totals: unknown }) => ({
    items: items.map(({ companyId, companyName, status, type, startDate, weeks }) => ({ companyId, companyName, status, type, startDate, weeks })),
    totals,
  }),
);
