import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { OverrideSchema } from '../contracts/outcome.js';
import { overrideRecommendation } from '../services/evaluation.js';
import { pilotPath } from './params.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/** POST /pilots/{pilotId}/outcome/override { recommendation, reason }: before the evaluation, or within its window. */
export const handler = apiHandler('write', async (event, { store, actor }) =>
  reply(
    'POST /pilots/{pilotId}/outcome/override',
    200,
    await overrideRecommendation(store, pilotPath(event).pilotId, parseInput(OverrideSchema, jsonBody(event)), actor),
  ),
);
