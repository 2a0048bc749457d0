import { html, SafeHtml } from '../mail/html.js';

// What every page the product serves itself shares (the company link pages,
// functions/http/company-pages; the survey pages, functions/http/survey-pages.ts):
// the head, and the rule for the URLs a page links to. The pages differ in their
// stylesheet and their referrer policy, which each states with its reason.

/** A same-site URL: no scheme, no "//host", no backslash (browsers read "\\" as "/"). */
export const relativeUrl = (url: string, what: string): string => {
  if (/^\s*[a-z][a-z0-9+.-]*:/i.test(url) || /^\s*[/\\]{2}/.test(url) || url.includes('\\')) throw new Error(`${what} must be a relative URL`);
  return url;
};

/**
 * The page's <head>: UTF-8, the phone's width, kept out of search engines, the
 * referrer policy when the page sets one, the title and the page's own
 * stylesheet inline (no second request, and a CSP that allows no other source).
 */
export const pageHead = (o: { title: string; style: string; referrer?: 'no-referrer' | 'same-origin' }): SafeHtml => html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${
  o.referrer
    ? html`<meta name="referrer" content="${o.referrer}">
`
    : ''
}<title>${o.title}</title>
<style>${new SafeHtml(o.style)}</style>
</head>`;
