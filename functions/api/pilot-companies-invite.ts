import { InvitationInputSchema } from '../domain/company.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { inviteCompany } from '../services/match-event/invitations.js';
import { pilotPath } from './params.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/** POST /pilots/{pilotId}/companies { companyId, maxSlots }: invites a company to the match event, or changes its cap. */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const { pilotId } = pilotPath(event);
  const input = parseInput(InvitationInputSchema, jsonBody(event));
  const { invitation, created: isNew } = await inviteCompany(store, pilotId, input, actor, pilot);
  return isNew ? reply('POST /pilots/{pilotId}/companies', 201, invitation) : reply('POST /pilots/{pilotId}/companies', 200, invitation);
});
