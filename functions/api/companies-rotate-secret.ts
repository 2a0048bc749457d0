import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { rotateSecret } from '../services/companies.js';
import { companyPath } from './params.js';

/** POST /companies/{companyId}/secret/rotate: a new signing secret, shown once; the old one verifies for 24 more hours. */
export const handler = apiHandler('write', async (event, { store }) => ok(await rotateSecret(store, companyPath(event).companyId)));
