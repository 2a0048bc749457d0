import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { getCompany } from '../store/companies.js';
import { companyPath } from './params.js';

/** GET /companies/{companyId}: one company (never its secret). */
export const handler = apiHandler('read', async (event, { store }) => ok(await getCompany(store, companyPath(event).companyId)));
