import { apiHandler } from '../http/api-handler.js';
import { ok } from '../http/types.js';
import { listCompanies } from '../store/companies.js';
import { pageQuery } from './params.js';

/** GET /companies?limit=&cursor=: the partner companies, by name. */
export const handler = apiHandler('read', async (event, { store }) => ok(await listCompanies(store, pageQuery(event))));
