import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { ok } from '../http/types.js';
import { pausePilot, ReasonSchema } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/pause { reason }: freeze the pilot's deadlines. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { reason } = parseInput(ReasonSchema, jsonBody(event));
  return ok(await pausePilot(store, pilotPath(event).pilotId, reason, actor));
});
