import * as z from 'zod';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { ok } from '../http/types.js';
import { setMatchPreferences } from '../services/match-event/preferences.js';
import { participantPath } from './params.js';

const PreferencesSchema = z
  .object({ companyIds: z.array(z.uuid('must be a company id')).max(20).refine((ids) => new Set(ids).size === ids.length, 'must not name a company twice') })
  .strict();

/**
 * PUT /pilots/{pilotId}/participants/{participantId}/match-preferences { companyIds }:
 * the companies a candidate would most like to meet at the match event, most
 * wanted first. The schedule places them with those first.
 */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  const { companyIds } = parseInput(PreferencesSchema, jsonBody(event));
  return ok(await setMatchPreferences(store, pilotId, participantId, companyIds, actor));
});
