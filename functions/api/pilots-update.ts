import { findCprPaths } from '../domain/cpr.js';
import { CprRefusedError } from '../domain/errors.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { PilotUpdateSchema } from '../contracts/pilots.js';
import { updatePilot } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** PATCH /pilots/{pilotId}: move dates (the pending wake-up follows its deadline), name or change the comparison. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const body = jsonBody(event);
  const cpr = findCprPaths(body);
  if (cpr.length > 0) throw new CprRefusedError(cpr);
  return reply('PATCH /pilots/{pilotId}', 200, await updatePilot(store, pilotPath(event).pilotId, parseInput(PilotUpdateSchema, body), actor));
});
