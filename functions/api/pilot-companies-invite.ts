import { InvitationInputSchema } from '../domain/company.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { inviteCompany } from '../services/match-event/invitations.js';
import { pilotPath } from './params.js';
import { companyAndInvitationKeys, toCompanyAndInvitation } from '../store/invitations.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/** The company the body names, if it names one well-formed: read with the pilot (the body is validated by the handler). */
const companyNamed = (event: Parameters<typeof jsonBody>[0]): string | undefined => {
  try {
    return InvitationInputSchema.safeParse(jsonBody(event)).data?.companyId;
  } catch {
    return undefined;
  }
};

/** POST /pilots/{pilotId}/companies { companyId, maxSlots }: invites a company to the match event, or changes its cap. */
export const handler = apiHandler(
  'write',
  async (event, { store, actor, pilot, readWithPilot }) => {
    const { pilotId } = pilotPath(event);
    const input = parseInput(InvitationInputSchema, jsonBody(event));
    // The company and its invitation were read with the pilot (one call), unless the body named none well-formed.
    const known = readWithPilot && toCompanyAndInvitation(input.companyId, readWithPilot);
    const { invitation, created: isNew } = await inviteCompany(store, pilotId, input, actor, pilot, known);
    return isNew ? reply('POST /pilots/{pilotId}/companies', 201, invitation) : reply('POST /pilots/{pilotId}/companies', 200, invitation);
  },
  undefined,
  (event, pilotId) => {
    const companyId = companyNamed(event);
    return companyId ? companyAndInvitationKeys(pilotId, companyId) : [];
  },
);
