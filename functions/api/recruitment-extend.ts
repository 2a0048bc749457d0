import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { ok } from '../http/types.js';
import { extendRecruitment, ExtendSchema } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** POST /pilots/{pilotId}/recruitment/extend { closes }: a pilot under its minimum cohort recruits until the new date. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { closes } = parseInput(ExtendSchema, jsonBody(event));
  return ok(await extendRecruitment(store, pilotPath(event).pilotId, closes, actor));
});
