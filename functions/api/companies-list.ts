import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { listCompanies } from '../store/companies.js';
import { pageQuery } from './params.js';

/** GET /companies?limit=&cursor=: the partner companies, by name. */
export const handler = apiHandler('read', async (event, { store }) => reply('GET /companies', 200, await listCompanies(store, pageQuery(event))));
