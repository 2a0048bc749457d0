import { apiHandler } from '../http/api-handler.js';
import { parseJson, readBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { enrolOne, enrolParticipants } from '../services/enrol-participants.js';
import { closeRecruitmentIfFull } from '../services/pilot-control.js';
import { pilotPath } from './params.js';

/**
 * POST /pilots/{pilotId}/participants: one participant (a JSON object), or a
 * batch ({ "participants": [...] } or text/csv) answered with a per-row report.
 */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const { pilotId } = pilotPath(event);
  const { mediaType, text } = readBody(event, ['application/json', 'text/csv']);
  const body = mediaType === 'text/csv' ? undefined : parseJson(text);
  const batch = body === undefined || (typeof body === 'object' && body !== null && 'participants' in body);
  const result = batch
    ? reply(
        'POST /pilots/{pilotId}/participants',
        200,
        await enrolParticipants(store, pilotId, body === undefined ? { kind: 'csv', text } : { kind: 'json', body }, actor, pilot),
      )
    : await enrolOne(store, pilotId, body, actor, pilot).then((row) =>
        row.outcome === 'already-enrolled' ? reply('POST /pilots/{pilotId}/participants', 200, row) : reply('POST /pilots/{pilotId}/participants', 201, row),
      );
  // A full pilot ends its recruitment early (the only enrolment event that moves the workflow).
  await closeRecruitmentIfFull(store, pilotId);
  return result;
});
