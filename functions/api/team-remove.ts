import * as z from 'zod';
import { TeamMember } from '../domain/access.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { removeTeamMember } from '../services/teams.js';

const Path = z.object({ pilotId: z.uuid('must be an id as returned by this API'), member: TeamMember });

/** DELETE /pilots/{pilotId}/team/{member}: the consultant (an e-mail address, URL-encoded) leaves the team. Answers with the team. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, member } = parseInput(Path, event.pathParameters ?? {});
  return reply('DELETE /pilots/{pilotId}/team/{member}', 200, await removeTeamMember(store, pilotId, member, actor));
});
