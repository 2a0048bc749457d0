import { companyFigures } from '../domain/access.js';
import type { Company } from '../domain/company.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { getCompany } from '../store/companies.js';
import { companyPath } from './params.js';

/** GET /companies/{companyId}: one company (never its secret); its contact person for consultants and admins only. */
export const handler = apiHandler(
  'read',
  async (event, { store }) => reply('GET /companies/{companyId}', 200, await getCompany(store, companyPath(event).companyId)),
  (body: Company, sees) => (sees() ? body : companyFigures(body)),
);
