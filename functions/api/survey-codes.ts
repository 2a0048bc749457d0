import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { htmlPage } from '../http/html-response.js';
import { parseInput } from '../domain/validation.js';
import { SurveySheetSchema } from '../contracts/survey.js';
import { printSurveyCodes } from '../services/survey.js';
import { pilotPath } from './params.js';

/**
 * POST /pilots/{pilotId}/survey/codes {count, language?}: a printable page of
 * new one-time survey codes, for participants without e-mail. The codes are
 * in this answer only (the table keeps their hashes).
 */
export const handler = apiHandler('write', async (event, { store }) => {
  const { pilotId } = pilotPath(event);
  const input = parseInput(SurveySheetSchema, jsonBody(event));
  return htmlPage(201, await printSurveyCodes(store, pilotId, input));
});
