import { companyFigures } from '../domain/access.js';
import type { Company } from '../domain/company.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { listCompanies } from '../store/companies.js';
import { pageQuery } from './params.js';

/** GET /companies?limit=&cursor=: the partner companies, by name; their contact persons for consultants and admins only. */
export const handler = apiHandler(
  'read',
  async (event, { store }) => reply('GET /companies', 200, await listCompanies(store, pageQuery(event))),
  (body: { items: Company[] }, sees) => (sees() ? body : { ...body, items: body.items.map(companyFigures) }),
);
