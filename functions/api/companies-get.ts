import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { getCompany } from '../store/companies.js';
import { companyPath } from './params.js';

/** GET /companies/{companyId}: one company (never its secret). */
export const handler = apiHandler('read', async (event, { store }) => reply('GET /companies/{companyId}', 200, await getCompany(store, companyPath(event).companyId)));
