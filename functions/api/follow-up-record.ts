import { apiHandler } from '../http/api-handler.js';
import { parseJson, readBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { recordFollowUp } from '../services/follow-up.js';
import { pilotPath } from './params.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/**
 * POST /pilots/{pilotId}/follow-up: each participant's situation at follow-up,
 * `{ "outcomes": [{ "reference" | "participantId", "outcome" }] }` or text/csv
 * (columns reference or participantId, and outcome). Answers with a per-row report.
 */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const { pilotId } = pilotPath(event);
  const { mediaType, text } = readBody(event, ['application/json', 'text/csv']);
  const request = mediaType === 'text/csv' ? { kind: 'csv' as const, text } : { kind: 'json' as const, body: parseJson(text) };
  return reply('POST /pilots/{pilotId}/follow-up', 200, await recordFollowUp(store, pilotId, request, actor, pilot));
});
