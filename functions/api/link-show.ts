import { PageLanguageQuery } from '../contracts/common.js';
import { logger, signedHandler } from '../http/api-handler.js';
import { htmlPage } from '../http/html-response.js';
import { showLink } from '../services/link-forms.js';

/** GET /links/{token}?lang=: the form a company's e-mail link opens (README, "Signed e-mail links"). */
export const handler = signedHandler(async (event, { store }) => {
  const query = PageLanguageQuery.safeParse(event.queryStringParameters ?? {});
  const page = await showLink(store, event.pathParameters?.token ?? '', query.success ? query.data.lang : undefined);
  logger.info('link shown', { status: page.status });
  return htmlPage(page.status, page.html);
});
