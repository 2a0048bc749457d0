import { ComparisonGroupSchema } from '../domain/comparison.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { recordComparisonGroup } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/** PUT /pilots/{pilotId}/comparison-group: the comparison group's counts at follow-up, `{ "size": 40, "employed": 9 }`; counts only. */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const counts = parseInput(ComparisonGroupSchema, jsonBody(event));
  return reply('PUT /pilots/{pilotId}/comparison-group', 200, await recordComparisonGroup(store, pilotPath(event).pilotId, counts, actor));
});
