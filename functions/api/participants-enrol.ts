import { apiHandler } from '../http/api-handler.js';
import { parseJson, readBody } from '../http/body.js';
import { created, ok } from '../http/types.js';
import { enrolOne, enrolParticipants } from '../services/enrol-participants.js';
import { pilotPath } from './params.js';

/**
 * POST /pilots/{pilotId}/participants: one participant (a JSON object), or a
 * batch ({ "participants": [...] } or text/csv) answered with a per-row report.
 */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId } = pilotPath(event);
  const { mediaType, text } = readBody(event, ['application/json', 'text/csv']);
  if (mediaType === 'text/csv') return ok(await enrolParticipants(store, pilotId, { kind: 'csv', text }, actor));

  const body = parseJson(text);
  if (typeof body === 'object' && body !== null && 'participants' in body) {
    return ok(await enrolParticipants(store, pilotId, { kind: 'json', body }, actor));
  }
  const row = await enrolOne(store, pilotId, body, actor);
  return row.outcome === 'already-enrolled' ? ok(row) : created(row);
});
