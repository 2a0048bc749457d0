import { logger, signedHandler } from '../http/api-handler.js';
import { rawBody } from '../http/body.js';
import { htmlPage } from '../http/html-response.js';
import { submitLink } from '../services/company-links.js';
import { count } from '../metrics.js';

/** A form of a few fields; anything near this is not one. */
const MAX_FORM_BYTES = 16 * 1024;

/** POST /links/{token}: applies the form by the same rules as the webhook, then shows what happened. */
export const handler = signedHandler(async (event, { store }) => {
  const bytes = rawBody(event);
  const page = await submitLink(store, event.pathParameters?.token ?? '', bytes.byteLength > MAX_FORM_BYTES ? '' : bytes.toString('utf8'));
  logger.info('link submitted', { status: page.status, reason: page.reason });
  // A 4xx without a refusal's reason is the form shown again with a field's message.
  count('LinkAnswers', { status: String(page.status), reason: page.reason ?? (page.status < 300 ? 'applied' : 'form-error') });
  return htmlPage(page.status, page.html);
});
