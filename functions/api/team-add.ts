import { TeamAddSchema } from '../contracts/pilots.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { addTeamMember } from '../services/teams.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/team { email }: a consultant joins the pilot's team (by the team or an admin). Answers with the team. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { email } = parseInput(TeamAddSchema, jsonBody(event));
  return reply('POST /pilots/{pilotId}/team', 200, await addTeamMember(store, pilotPath(event).pilotId, email, actor));
});
