import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { ExtendRecruitmentSchema } from '../contracts/pilots.js';
import { extendRecruitment } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/recruitment/extend { closes }: a pilot under its minimum cohort recruits until the new date. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { closes } = parseInput(ExtendRecruitmentSchema, jsonBody(event));
  return reply('POST /pilots/{pilotId}/recruitment/extend', 200, await extendRecruitment(store, pilotPath(event).pilotId, closes, actor));
});
