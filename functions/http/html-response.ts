import type { ApiResult } from './types.js';

/**
 * A whole HTML page for a browser. The headers keep it a form and nothing
 * more: no script may run, the form posts only back to us, the page cannot
 * be framed, and the token in the URL is not sent on as a Referer.
 */
export const htmlPage = (statusCode: number, html: string, opts: { referrerPolicy?: 'no-referrer' | 'same-origin' } = {}): ApiResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    // `same-origin` for a page whose forms must work on browsers that send no Sec-Fetch-Site: under
    // no-referrer they send `Origin: null` with their own form, which reads as cross-site.
    'referrer-policy': opts.referrerPolicy ?? 'no-referrer',
    'x-content-type-options': 'nosniff',
  },
  body: html,
});
