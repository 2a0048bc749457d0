import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { ReasonSchema } from '../contracts/pilots.js';
import { closePilot } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/close { reason }: end the pilot from any phase; its outcome so far is still evaluated. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { reason } = parseInput(ReasonSchema, jsonBody(event));
  const pilot = await closePilot(store, pilotPath(event).pilotId, reason, actor);
  // A draft closes at once; a running pilot's workflow closes it, moments later.
  return reply('POST /pilots/{pilotId}/close', pilot.status === 'closed' ? 200 : 202, pilot);
});
