import { outcomeFigures } from '../domain/access.js';
import { NotFoundError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { outcomeView } from '../services/evaluation.js';
import { getPilot } from '../store/pilots.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/outcome: the evaluation, once the pilot has been evaluated, with its override window. */
export const handler = apiHandler(
  'read',
  async (event, { store, pilot }) => {
    const { pilotId } = pilotPath(event);
    // 404 for no pilot: the request read it already for its access check.
    if (!pilot) await getPilot(store, pilotId);
    const outcome = await outcomeView(store, pilotId);
    if (!outcome) throw new NotFoundError('the pilot has not been evaluated yet');
    return reply('GET /pilots/{pilotId}/outcome', 200, outcome);
  },
  // Without who overrode the recommendation.
  outcomeFigures,
);
