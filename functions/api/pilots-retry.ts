import { RetrySchema } from '../contracts/pilots.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { retryPilot } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/retry {}: a pilot held by a failed step goes on at that step; 202 while the workflow runs it. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  parseInput(RetrySchema, event.body ? jsonBody(event) : {});
  return reply('POST /pilots/{pilotId}/retry', 202, await retryPilot(store, pilotPath(event).pilotId, actor));
});
