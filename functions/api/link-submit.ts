import { logger, signedHandler } from '../http/api-handler.js';
import { rawBody } from '../http/body.js';
import { htmlPage } from '../http/html-response.js';
import { submitLink } from '../services/link-forms.js';
import { count } from '../metrics.js';

/** A form of a few fields; anything near this is not one. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * A form posted from another site: the browser says so in Sec-Fetch-Site, or
 * names that site in Origin. Our own form posts to itself, so its Origin is
 * this host; a browser that sends neither header (or curl) is let through,
 * since the form's one-time nonce still has to have been shown to it.
 */
export const isCrossSite = (headers: Record<string, string | undefined>): boolean => {
  const site = headers['sec-fetch-site'];
  // A browser that says where the form came from is believed: a page whose referrer policy is
  // no-referrer (ours) makes Chromium send `Origin: null` even for its own same-origin form.
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true; // "null" (a sandboxed or privacy-sensitive context) or garbage
  }
};

/** POST /links/{token}: applies the form by the same rules as the webhook, then shows what happened. */
export const handler = signedHandler(async (event, { store }) => {
  const bytes = rawBody(event);
  const page = await submitLink(store, event.pathParameters?.token ?? '', bytes.byteLength > MAX_FORM_BYTES ? '' : bytes.toString('utf8'), {
    crossSite: isCrossSite(event.headers ?? {}),
  });
  logger.info('link submitted', { status: page.status, reason: page.reason });
  // A 4xx without a refusal's reason is the form shown again with a field's message.
  count('LinkAnswers', { status: String(page.status), reason: page.reason ?? (page.status < 300 ? 'applied' : 'form-error') });
  return htmlPage(page.status, page.html);
});
