import { CompanyInputSchema } from '../domain/company.js';
import { findCprPaths } from '../domain/cpr.js';
import { CprRefusedError } from '../domain/errors.js';
import { parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { registerCompany } from '../services/companies.js';

/**
 * POST /companies: registers a partner company. The answer carries its
 * webhook signing secret (`whsec_...`): shown this once, never again.
 */
export const handler = apiHandler('write', async (event, { store }) => {
  const body = jsonBody(event);
  const cpr = findCprPaths(body);
  if (cpr.length > 0) throw new CprRefusedError(cpr);
  const { company, secret } = await registerCompany(store, parseInput(CompanyInputSchema, body));
  return reply('POST /companies', 201, { company, secret, webhookUrl: `/webhooks/companies/${company.id}` });
});
