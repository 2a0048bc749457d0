import * as z from 'zod';
import { logger, signedHandler } from '../http/api-handler.js';
import { htmlPage } from '../http/html-response.js';
import { showLink } from '../services/link-forms.js';

const Lang = z.enum(['da', 'en']);

/** GET /links/{token}?lang=: the form a company's e-mail link opens (README, "Signed e-mail links"). */
export const handler = signedHandler(async (event, { store }) => {
  const lang = Lang.safeParse(event.queryStringParameters?.lang);
  const page = await showLink(store, event.pathParameters?.token ?? '', lang.success ? lang.data : undefined);
  logger.info('link shown', { status: page.status });
  return htmlPage(page.status, page.html);
});
