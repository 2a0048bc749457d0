import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { startPilot } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/start: start the pilot's workflow. Idempotent: a second call returns the running execution. */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const started = await startPilot(store, pilotPath(event).pilotId, actor, pilot);
  return reply('POST /pilots/{pilotId}/start', started.alreadyRunning ? 200 : 202, started);
});
