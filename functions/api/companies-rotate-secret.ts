import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { rotateSecret } from '../services/companies.js';
import { companyPath } from './params.js';

/** POST /companies/{companyId}/secret/rotate: a new signing secret, shown once; the old one verifies for 24 more hours. */
export const handler = apiHandler('write', async (event, { store }) =>
  reply('POST /companies/{companyId}/secret/rotate', 200, await rotateSecret(store, companyPath(event).companyId)),
);
