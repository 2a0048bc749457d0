import { apiHandler } from '../http/api-handler.js';
import { parseJson, readBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { recordExamResults } from '../services/vouchers/exam-results.js';
import { pilotPath } from './params.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/**
 * POST /pilots/{pilotId}/exam-results: `{ "results": [{ "reference" | "participantId", "result": "passed" | "failed" | "no-show", "date" }] }`
 * or text/csv (reference or participantId, result, date). Per-row report.
 */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const { pilotId } = pilotPath(event);
  const { mediaType, text } = readBody(event, ['application/json', 'text/csv']);
  const request = mediaType === 'text/csv' ? { kind: 'csv' as const, text } : { kind: 'json' as const, body: parseJson(text) };
  return reply('POST /pilots/{pilotId}/exam-results', 200, await recordExamResults(store, pilotId, request, actor, pilot));
});
