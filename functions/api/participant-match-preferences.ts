import { MatchPreferencesSchema } from '../contracts/participants.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { setMatchPreferences } from '../services/match-event/preferences.js';
import { participantPath } from './params.js';

/**
 * PUT /pilots/{pilotId}/participants/{participantId}/match-preferences { companyIds }:
 * the companies a candidate would most like to meet at the match event, most
 * wanted first. The schedule places them with those first.
 */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  const { companyIds } = parseInput(MatchPreferencesSchema, jsonBody(event));
  return reply(
    'PUT /pilots/{pilotId}/participants/{participantId}/match-preferences',
    200,
    await setMatchPreferences(store, pilotId, participantId, companyIds, actor),
  );
});
