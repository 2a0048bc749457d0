import { apiHandler } from '../http/api-handler.js';
import { parseJson, readBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { changeStatuses } from '../services/participant-statuses.js';
import { pilotPath } from './params.js';

/**
 * POST /pilots/{pilotId}/participants/status: many status changes at once,
 * `{ "changes": [{ "reference" | "participantId", "status", "reason"?, "note"? }] }`
 * or text/csv (Danish or English columns and values). Answers with a per-row report.
 */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const { pilotId } = pilotPath(event);
  const { mediaType, text } = readBody(event, ['application/json', 'text/csv']);
  const request = mediaType === 'text/csv' ? { kind: 'csv' as const, text } : { kind: 'json' as const, body: parseJson(text) };
  return reply('POST /pilots/{pilotId}/participants/status', 200, await changeStatuses(store, pilotId, request, actor, pilot));
});
