import { findCprPaths } from '../domain/cpr.js';
import { CprRefusedError } from '../domain/errors.js';
import { ParticipantPatchSchema } from '../domain/participant.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { changeParticipantStatus } from '../store/participants.js';
import { participantPath } from './params.js';

/** PATCH /pilots/{pilotId}/participants/{participantId}: change status (started, completed, dropped-out with reason, enrolled). */
export const handler = apiHandler('write', async (event, { store, actor }) => {
  const { pilotId, participantId } = participantPath(event);
  const body = jsonBody(event);
  const cpr = findCprPaths(body);
  if (cpr.length > 0) throw new CprRefusedError(cpr);
  return reply(
    'PATCH /pilots/{pilotId}/participants/{participantId}',
    200,
    await changeParticipantStatus(store, pilotId, participantId, parseInput(ParticipantPatchSchema, body), actor),
  );
});
