import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { surveyResultsOf } from '../services/survey.js';
import { getPilot } from '../store/pilots.js';
import { pilotPath } from './params.js';

/** GET /pilots/{pilotId}/survey: the survey's counts so far (broken down from 5 answers), against the pilot's targets. */
export const handler = apiHandler('read', async (event, { store, pilot }) => {
  const { pilotId } = pilotPath(event);
  // The pilot as the access check read it; read here only where no check did.
  return reply('GET /pilots/{pilotId}/survey', 200, await surveyResultsOf(store, pilot ?? (await getPilot(store, pilotId))));
});
