import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { ResumeSchema } from '../contracts/pilots.js';
import { resumePilot } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/resume { dates? }: resume; remaining deadlines move by the pause, or to the new dates. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { dates } = parseInput(ResumeSchema, event.body ? jsonBody(event) : {});
  return reply('POST /pilots/{pilotId}/resume', 200, await resumePilot(store, pilotPath(event).pilotId, dates, actor));
});
