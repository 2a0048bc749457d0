import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { ReasonSchema } from '../contracts/pilots.js';
import { pausePilot } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/pause { reason }: freeze the pilot's deadlines. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { reason } = parseInput(ReasonSchema, jsonBody(event));
  return reply('POST /pilots/{pilotId}/pause', 200, await pausePilot(store, pilotPath(event).pilotId, reason, actor));
});
