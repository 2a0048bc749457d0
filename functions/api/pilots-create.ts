import { findCprPaths } from '../domain/cpr.js';
import { CprRefusedError } from '../domain/errors.js';
import { PilotInputSchema } from '../domain/pilot.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { createPilot } from '../store/pilots.js';

/** POST /pilots: define a pilot. It starts as a draft; its workflow is started separately. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const body = jsonBody(event);
  const cpr = findCprPaths(body);
  if (cpr.length > 0) throw new CprRefusedError(cpr);
  return reply('POST /pilots', 201, await createPilot(store, parseInput(PilotInputSchema, body), actor));
});
