import { auditFigures } from '../domain/access.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { auditTrailOfPilot, type AuditEntry } from '../store/audit.js';
import { getPilot } from '../store/pilots.js';
import { pageQuery, pilotPath } from './params.js';

/**
 * GET /pilots/{pilotId}/audit?limit=&cursor=: the pilot's audit trail, oldest
 * first. Outside the team: its actions, without who, whom or free text
 * (domain/access.ts `auditFigures`).
 */
export const handler = apiHandler(
  'read',
  async (event, { store, pilot }) => {
    const { pilotId } = pilotPath(event);
    // 404 for no pilot: the request read it already for its access check.
    if (!pilot) await getPilot(store, pilotId);
    return reply('GET /pilots/{pilotId}/audit', 200, await auditTrailOfPilot(store, pilotId, pageQuery(event)));
  },
  (body: { items: AuditEntry[] }) => ({ ...body, items: body.items.map(auditFigures) }),
);
