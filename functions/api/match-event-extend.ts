import { MatchExtendSchema } from '../contracts/companies.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { extendMatchDeadline } from '../services/match-event/decision.js';
import { pilotPath } from './params.js';

/**
 * POST /pilots/{pilotId}/match-event/extend { responseDeadline, date? }: no
 * company confirmed a slot; the companies get a new deadline (and the event a
 * new date if need be). To close instead: POST /pilots/{pilotId}/close.
 */
export const handler = apiHandler('write', async (event, { store, actor }) =>
  reply(
    'POST /pilots/{pilotId}/match-event/extend',
    200,
    await extendMatchDeadline(store, pilotPath(event).pilotId, parseInput(MatchExtendSchema, jsonBody(event)), actor),
  ),
);
