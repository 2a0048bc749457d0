import { logger, signedHandler } from '../http/api-handler.js';
import { htmlPage } from '../http/html-response.js';
import { submitLink } from '../services/company-links.js';

/** A form of a few fields; anything near this is not one. */
const MAX_FORM_BYTES = 16 * 1024;

/** POST /links/{token}: applies the form by the same rules as the webhook, then shows what happened. */
export const handler = signedHandler(async (event, { store }) => {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const page = await submitLink(store, event.pathParameters?.token ?? '', body.length > MAX_FORM_BYTES ? '' : body);
  logger.info('link submitted', { status: page.status });
  return htmlPage(page.status, page.html);
});
